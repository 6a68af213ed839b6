import type {
  OAuthTokenResponse,
  ScimListResponse,
  ScimServicePrincipal,
  ScimUser,
  WellKnownConfig,
} from '../../core/workspace-api.js';
import { ApiError, caller, Reply, type ApiRequest } from '../http.js';
import type { Identity } from '../identities.js';
import type { ApiModule } from './context.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Discovery, OAuth client credentials, SCIM identities and telemetry. */
export const identityApi: ApiModule = (router, context) => {
  const orgId = (): string => context.store.state.workspace_id;

  router.on(
    'GET',
    '/.well-known/databricks-config',
    (): WellKnownConfig => ({
      workspace_id: orgId(),
      cloud: 'AWS',
      host: context.baseUrl(),
      oidc_endpoint: `${context.baseUrl()}/oidc`,
    }),
    { open: true },
  );

  router.on(
    'GET',
    '/oidc/.well-known/oauth-authorization-server',
    () => ({
      issuer: `${context.baseUrl()}/oidc`,
      authorization_endpoint: `${context.baseUrl()}/oidc/v1/authorize`,
      token_endpoint: `${context.baseUrl()}/oidc/v1/token`,
      grant_types_supported: ['client_credentials'],
    }),
    { open: true },
  );

  router.on('POST', '/oidc/v1/token', (request) => clientCredentials(request, context.auth.issueForClient.bind(context.auth)), {
    open: true,
  });

  router.on('GET', '/api/2.0/preview/scim/v2/Me', (request) => {
    const me = caller(request);
    return new Reply(200, me.kind === 'user' ? scimUser(me) : scimServicePrincipal(me), { 'X-Databricks-Org-Id': orgId() });
  });

  router.on('GET', '/api/2.0/preview/scim/v2/Users', (request): ScimListResponse<ScimUser> => {
    caller(request);
    return scimList(context.auth.principals().filter((p) => p.kind === 'user').map(scimUser), request.query.get('filter'));
  });

  router.on('GET', '/api/2.0/preview/scim/v2/ServicePrincipals', (request): ScimListResponse<ScimServicePrincipal> => {
    caller(request);
    const principals = context.auth.principals().filter((p) => p.kind === 'service-principal');
    return scimList(principals.map(scimServicePrincipal), request.query.get('filter'));
  });

  router.on('POST', '/telemetry-ext', () => ({ errors: [], numProtoSuccess: 1 }));
};

function clientCredentials(
  request: ApiRequest,
  issue: (id: string, secret: string) => { token: string; expiresIn: number } | null,
): OAuthTokenResponse {
  const form = new URLSearchParams(request.body.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') {
    throw new ApiError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported by dataops local');
  }
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret') ?? '';
  const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''));
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const issued = issue(clientId, clientSecret);
  if (!issued) throw new ApiError(401, 'invalid_client', 'Client authentication failed');
  return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: form.get('scope') ?? 'all-apis' };
}

function scimUser(identity: Identity): ScimUser {
  return {
    id: identity.id,
    userName: identity.userName,
    displayName: identity.displayName,
    active: true,
    emails: [{ value: identity.userName, primary: true, type: 'work' }],
    groups: [{ display: 'admins', value: '1' }],
    schemas: [USER_SCHEMA],
  };
}

function scimServicePrincipal(identity: Identity): ScimServicePrincipal & { userName: string } {
  return {
    id: identity.id,
    applicationId: identity.applicationId ?? identity.userName,
    userName: identity.userName,
    displayName: identity.displayName,
    active: true,
    schemas: [SP_SCHEMA],
  };
}

/** SCIM lists with the one filter the CLI and SDKs send: `<attribute> eq "<value>"`. */
function scimList<T extends object>(items: T[], filter: string | null): ScimListResponse<T> {
  const match = filter ? /^\s*(\w+)\s+eq\s+"?([^"]*)"?\s*$/i.exec(filter) : null;
  const kept = match
    ? items.filter((item) => String((item as Record<string, unknown>)[match[1] ?? '']).toLowerCase() === (match[2] ?? '').toLowerCase())
    : items;
  return { totalResults: kept.length, startIndex: 1, itemsPerPage: kept.length, Resources: kept, schemas: [LIST_SCHEMA] };
}
