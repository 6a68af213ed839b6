import type {
  AclItem,
  AclPermission,
  CreateScopeRequest,
  GetSecretResponse,
  ListAclsResponse,
  ListScopesResponse,
  ListSecretsResponse,
  PutSecretRequest,
} from '../../core/workspace-api.js';
import { ApiError, caller, invalidParameter, jsonBody, notFound, requireString } from '../http.js';
import type { StoredScope } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';

const SCOPE_NAME = /^[\w.-]{1,128}$/;
const PERMISSIONS: readonly AclPermission[] = ['READ', 'WRITE', 'MANAGE'];

/**
 * Secret scopes, secrets and their ACLs. Scopes and ACLs are kept in the data dir; secret
 * values stay in memory only, because dataops writes no secret to a file.
 */
export const secretsApi: ApiModule = (router, context) => {
  const values = new Map<string, Map<string, { value: string; updated: number }>>();
  const base = '/api/2.0/secrets';

  router.on('POST', `${base}/scopes/create`, (request) => {
    const who = caller(request);
    const body = jsonBody<CreateScopeRequest>(request);
    const name = requireString(body.scope, 'scope');
    if (!SCOPE_NAME.test(name)) {
      throw invalidParameter(`Scope name '${name}' must consist of alphanumeric characters, dashes, underscores and periods, at most 128 characters.`);
    }
    if (context.store.state.secret_scopes[name]) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Scope ${name} already exists!`);
    const manager = body.initial_manage_principal ?? who.userName;
    context.store.state.secret_scopes[name] = { scope: { name, backend_type: 'DATABRICKS' }, acls: [{ principal: manager, permission: 'MANAGE' }] };
    return {};
  });

  router.on('GET', `${base}/scopes/list`, (request): ListScopesResponse => {
    caller(request);
    return { scopes: Object.values(context.store.state.secret_scopes).map((stored) => stored.scope) };
  });

  router.on('POST', `${base}/scopes/delete`, (request) => {
    caller(request);
    const name = findScope(context, jsonBody<{ scope?: string }>(request).scope).scope.name;
    delete context.store.state.secret_scopes[name];
    values.delete(name);
    return {};
  });

  router.on('POST', `${base}/put`, (request) => {
    caller(request);
    const body = jsonBody<PutSecretRequest>(request);
    const scope = findScope(context, body.scope).scope.name;
    const key = requireString(body.key, 'key');
    if ((body.string_value === undefined) === (body.bytes_value === undefined)) {
      throw invalidParameter('Exactly one of string_value and bytes_value must be given.');
    }
    const value = body.bytes_value ?? Buffer.from(body.string_value ?? '', 'utf8').toString('base64');
    const secrets = values.get(scope) ?? new Map();
    secrets.set(key, { value, updated: context.now() });
    values.set(scope, secrets);
    return {};
  });

  router.on('GET', `${base}/list`, (request): ListSecretsResponse => {
    caller(request);
    const scope = findScope(context, request.query.get('scope')).scope.name;
    const secrets = [...(values.get(scope) ?? new Map<string, { updated: number }>()).entries()];
    return { secrets: secrets.map(([key, secret]) => ({ key, last_updated_timestamp: secret.updated })) };
  });

  router.on('GET', `${base}/get`, (request): GetSecretResponse => {
    caller(request);
    const scope = findScope(context, request.query.get('scope')).scope.name;
    const key = requireString(request.query.get('key'), 'key');
    const secret = values.get(scope)?.get(key);
    if (!secret) throw notFound(`Secret ${key} does not exist in scope ${scope}.`);
    return { key, value: secret.value };
  });

  router.on('POST', `${base}/delete`, (request) => {
    caller(request);
    const body = jsonBody<{ scope?: string; key?: string }>(request);
    const scope = findScope(context, body.scope).scope.name;
    const key = requireString(body.key, 'key');
    if (!values.get(scope)?.delete(key)) throw notFound(`Secret ${key} does not exist in scope ${scope}.`);
    return {};
  });

  router.on('POST', `${base}/acls/put`, (request) => {
    caller(request);
    const body = jsonBody<{ scope?: string; principal?: string; permission?: string }>(request);
    const stored = findScope(context, body.scope);
    const principal = requireString(body.principal, 'principal');
    const permission = body.permission as AclPermission;
    if (!PERMISSIONS.includes(permission)) throw invalidParameter(`permission must be one of ${PERMISSIONS.join(', ')}`);
    stored.acls = [...stored.acls.filter((item) => item.principal !== principal), { principal, permission }];
    return {};
  });

  router.on('GET', `${base}/acls/list`, (request): ListAclsResponse => {
    caller(request);
    return { items: findScope(context, request.query.get('scope')).acls };
  });

  router.on('GET', `${base}/acls/get`, (request): AclItem => {
    caller(request);
    const stored = findScope(context, request.query.get('scope'));
    const principal = requireString(request.query.get('principal'), 'principal');
    const item = stored.acls.find((acl) => acl.principal === principal);
    if (!item) throw notFound(`No ACL for principal ${principal} in scope ${stored.scope.name}.`);
    return item;
  });

  router.on('POST', `${base}/acls/delete`, (request) => {
    caller(request);
    const body = jsonBody<{ scope?: string; principal?: string }>(request);
    const stored = findScope(context, body.scope);
    const principal = requireString(body.principal, 'principal');
    if (!stored.acls.some((acl) => acl.principal === principal)) throw notFound(`No ACL for principal ${principal} in scope ${stored.scope.name}.`);
    stored.acls = stored.acls.filter((acl) => acl.principal !== principal);
    return {};
  });
};

function findScope(context: LocalContext, name: unknown): StoredScope {
  const scope = requireString(name, 'scope');
  const stored = context.store.state.secret_scopes[scope];
  if (!stored) throw notFound(`Scope ${scope} does not exist!`);
  return stored;
}
