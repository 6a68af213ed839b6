import type { ScimListResponse, ScimServicePrincipal, ScimUser } from '../../core/workspace-api.js';
import type { Transport } from './transport.js';

export class IdentityApi {
  constructor(private readonly http: Transport) {}

  me(): Promise<ScimUser> {
    return this.http.json('GET', '/api/2.0/preview/scim/v2/Me');
  }

  async servicePrincipals(filter?: string): Promise<ScimServicePrincipal[]> {
    const response = await this.http.json<ScimListResponse<ScimServicePrincipal>>('GET', '/api/2.0/preview/scim/v2/ServicePrincipals', { query: { filter } });
    return response.Resources ?? [];
  }
}
