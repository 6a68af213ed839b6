import { ExternalError, UsageError } from '../../core/errors.js';
import type { OAuthTokenResponse, WellKnownConfig } from '../../core/workspace-api.js';

/**
 * `DATABRICKS_AUTH_TYPE=github-oidc`, as the Databricks SDKs do it: GitHub's ID token for the
 * workspace's audience, exchanged at the workspace's token endpoint for a token of the
 * service principal `DATABRICKS_CLIENT_ID` (workload identity federation).
 * `databricks auth token` cannot do this for us: it serves only U2M logins.
 */
export async function githubOidcToken(
  host: string,
  env: NodeJS.ProcessEnv,
  fetchFn: typeof fetch,
): Promise<{ value: string; expiresInSeconds: number }> {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const clientId = env.DATABRICKS_CLIENT_ID;
  if (!requestUrl || !requestToken) {
    throw new UsageError('github-oidc: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set', {
      hint: 'run in a GitHub Actions job with permissions: id-token: write',
    });
  }
  if (!clientId) throw new UsageError('github-oidc: DATABRICKS_CLIENT_ID (the service principal\'s application id) is not set');

  const metadata = await getJson<Partial<WellKnownConfig>>(fetchFn, `${host}/.well-known/databricks-config`, {}).catch(() => ({}) as Partial<WellKnownConfig>);
  const oidcRoot = (metadata.oidc_endpoint ?? `${host}/oidc`).replace(/\/+$/, '');
  const { token_endpoint: tokenEndpoint } = await getJson<{ token_endpoint: string }>(fetchFn, `${oidcRoot}/.well-known/oauth-authorization-server`, {});
  const audience = env.DATABRICKS_TOKEN_AUDIENCE ?? metadata.token_federation_default_oidc_audiences?.[0] ?? tokenEndpoint;

  const separator = requestUrl.includes('?') ? '&' : '?';
  const idToken = await getJson<{ value: string }>(fetchFn, `${requestUrl}${separator}audience=${encodeURIComponent(audience)}`, {
    Authorization: `Bearer ${requestToken}`,
  });
  const call = `POST ${tokenEndpoint}`;
  const response = await fetchFn(tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      subject_token: idToken.value,
      client_id: clientId,
      scope: 'all-apis',
    }).toString(),
    signal: AbortSignal.timeout(30_000),
  }).catch((error: unknown) => {
    throw new ExternalError(`${call} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const text = await response.text();
  if (!response.ok) {
    const reason = (safeJson(text) as { error_description?: string } | null)?.error_description ?? `HTTP ${response.status}`;
    throw new ExternalError(`github-oidc: the workspace refused the token exchange: ${reason}`, {
      hint: "check the service principal's federation policy: issuer, audience and the job's subject (repo:<owner>/<repo>:environment:<name>)",
    });
  }
  const token = safeJson(text) as OAuthTokenResponse | null;
  if (!token?.access_token) throw new ExternalError(`${call} answered without an access token`);
  return { value: token.access_token, expiresInSeconds: token.expires_in };
}

async function getJson<T>(fetchFn: typeof fetch, url: string, headers: Record<string, string>): Promise<T> {
  // The URL of GitHub's token service carries no secret; its request token is in the header.
  const response = await fetchFn(url, { headers, signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
    throw new ExternalError(`GET ${url.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const body = safeJson(await response.text());
  if (!response.ok || body === null) throw new ExternalError(`GET ${url.split('?')[0]} failed: HTTP ${response.status}`);
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
