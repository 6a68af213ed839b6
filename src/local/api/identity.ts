import type {
  OAuthTokenResponse,
  ScimListResponse,
  ScimServicePrincipal,
  ScimUser,
  WellKnownConfig,
} from '../../core/workspace-api.js';
import { ApiError, caller, Reply, type ApiRequest } from '../http.js';
import type { Identity } from '../identities.js';
import { accountId, type ApiModule, type LocalContext } from './context.js';
import { policiesOf } from './federation.js';
import { checkTokenExchange, OAuthError, TOKEN_EXCHANGE_GRANT } from '../token-exchange.js';

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
      account_id: accountId(context),
      cloud: 'AWS',
      host: context.baseUrl(),
      host_type: 'WORKSPACE_HOST',
      oidc_endpoint: `${context.baseUrl()}/oidc`,
      // What the CLI and SDKs ask GitHub to put in `aud` when the configuration names none.
      token_federation_default_oidc_audiences: [`${context.baseUrl()}/oidc/v1/token`],
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
      grant_types_supported: ['client_credentials', TOKEN_EXCHANGE_GRANT],
    }),
    { open: true },
  );

  router.on(
    'POST',
    '/oidc/v1/token',
    (request) => {
      const form = new URLSearchParams(request.body.toString('utf8'));
      if (form.get('grant_type') === TOKEN_EXCHANGE_GRANT) return tokenExchange(form, context);
      return clientCredentials(request, form, context.auth.issueForClient.bind(context.auth));
    },
    { open: true },
  );

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

/** Workload identity federation: a token of a trusted issuer for a token of the service principal. */
async function tokenExchange(form: URLSearchParams, context: LocalContext): Promise<OAuthTokenResponse | Reply> {
  const clientId = form.get('client_id');
  const principal = context.auth.principals().find((p) => p.kind === 'service-principal' && p.applicationId === clientId) ?? null;
  try {
    const identity = await checkTokenExchange(
      { form, principal, policies: principal ? policiesOf(context, principal) : [], accountId: accountId(context) },
      context.now,
    );
    const issued = context.auth.issueFor(identity);
    return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: form.get('scope') ?? 'all-apis' };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return new Reply(error.status, { error: error.error, error_description: error.message });
  }
}

function clientCredentials(
  request: ApiRequest,
  form: URLSearchParams,
  issue: (id: string, secret: string) => { token: string; expiresIn: number } | null,
): OAuthTokenResponse {
  if (form.get('grant_type') !== 'client_credentials') {
    throw new ApiError(400, 'unsupported_grant_type', `Unsupported grant_type; dataops local accepts client_credentials and ${TOKEN_EXCHANGE_GRANT}`);
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
