import type { AclItem, AclPermission, ListAclsResponse, ListScopesResponse, ListSecretsResponse, SecretMetadata, SecretScope } from '../../core/workspace-api.js';
import type { Transport } from './transport.js';

const BASE = '/api/2.0/secrets';

export class SecretsApi {
  constructor(private readonly http: Transport) {}

  createScope(scope: string, options: { initialManagePrincipal?: string } = {}): Promise<void> {
    return this.http.json('POST', `${BASE}/scopes/create`, { body: { scope, initial_manage_principal: options.initialManagePrincipal } });
  }

  async listScopes(): Promise<SecretScope[]> {
    return (await this.http.json<ListScopesResponse>('GET', `${BASE}/scopes/list`)).scopes ?? [];
  }

  deleteScope(scope: string): Promise<void> {
    return this.http.json('POST', `${BASE}/scopes/delete`, { body: { scope } });
  }

  /** Stores a secret; the value travels in the body only, never in a URL. */
  put(scope: string, key: string, value: string): Promise<void> {
    return this.http.json('POST', `${BASE}/put`, { body: { scope, key, string_value: value } });
  }

  async list(scope: string): Promise<SecretMetadata[]> {
    return (await this.http.json<ListSecretsResponse>('GET', `${BASE}/list`, { query: { scope } })).secrets ?? [];
  }

  delete(scope: string, key: string): Promise<void> {
    return this.http.json('POST', `${BASE}/delete`, { body: { scope, key } });
  }

  putAcl(scope: string, principal: string, permission: AclPermission): Promise<void> {
    return this.http.json('POST', `${BASE}/acls/put`, { body: { scope, principal, permission } });
  }

  async listAcls(scope: string): Promise<AclItem[]> {
    return (await this.http.json<ListAclsResponse>('GET', `${BASE}/acls/list`, { query: { scope } })).items ?? [];
  }

  deleteAcl(scope: string, principal: string): Promise<void> {
    return this.http.json('POST', `${BASE}/acls/delete`, { body: { scope, principal } });
  }
}
