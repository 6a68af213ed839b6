import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { decideFederation, type FederationPolicy, type TokenClaims } from '../core/federation.js';
import type { Identity } from './identities.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

/** A refused exchange, in the OAuth error format the token endpoint answers with (RFC 6749 §5.2). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export interface ExchangeRequest {
  form: URLSearchParams;
  /** The service principal whose application id is the request's client_id, or null. */
  principal: Identity | null;
  policies: readonly FederationPolicy[];
  accountId: string;
}

/**
 * Checks a federated token as Databricks does before it issues a token for a service principal:
 * a policy of that principal for the token's issuer, the signature against the issuer's keys,
 * expiry, audience and subject. Returns the principal to issue for.
 */
export async function checkTokenExchange(request: ExchangeRequest, now: () => number): Promise<Identity> {
  const { form } = request;
  const subjectToken = form.get('subject_token');
  if (!subjectToken) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: subject_token');
  if (form.get('subject_token_type') !== JWT_TOKEN_TYPE) {
    throw new OAuthError(400, 'invalid_request', `Unsupported subject_token_type; expected ${JWT_TOKEN_TYPE}`);
  }
  const clientId = form.get('client_id');
  if (!clientId) {
    throw new OAuthError(400, 'invalid_request', 'Account-wide token federation is not supported by dataops local: send client_id (the service principal\'s application id)');
  }
  if (!request.principal) throw new OAuthError(401, 'invalid_client', `Service principal with application id ${clientId} not found`);
  let unverified: TokenClaims;
  try {
    unverified = decodeJwt(subjectToken) as TokenClaims;
  } catch {
    throw new OAuthError(400, 'invalid_request', 'The subject_token is not a JWT');
  }
  // The issuer is read before the signature is checked: it says whose keys to check it with.
  const trusted = request.policies.filter((policy) => policy.oidc_policy.issuer === unverified.iss);
  const first = trusted[0];
  const byIssuer = decideFederation(request.policies, unverified, request.accountId);
  if (!first || (!byIssuer.ok && byIssuer.reason === 'issuer')) throw refused(byIssuer.ok ? '' : byIssuer.message);
  let claims: TokenClaims;
  try {
    const verified = await jwtVerify(subjectToken, await keysOf(first), {
      issuer: first.oidc_policy.issuer,
      currentDate: new Date(now()),
      requiredClaims: ['exp'],
    });
    claims = verified.payload as TokenClaims;
  } catch (error) {
    throw new OAuthError(401, 'invalid_grant', `Invalid subject_token: ${describe(error)}`);
  }
  const decision = decideFederation(trusted, claims, request.accountId);
  if (!decision.ok) throw refused(decision.message);
  return request.principal;
}

function refused(reason: string): OAuthError {
  return new OAuthError(401, 'invalid_grant', `Token exchange failed: ${reason}`);
}

const remoteKeys = new Map<string, JWTVerifyGetKey>();

/** The issuer's signing keys: the policy's own JWKS, its jwks_uri, or the issuer's OpenID discovery. */
async function keysOf(policy: FederationPolicy): Promise<JWTVerifyGetKey> {
  const oidc = policy.oidc_policy;
  if (oidc.jwks_json) return createLocalJWKSet(JSON.parse(oidc.jwks_json) as Parameters<typeof createLocalJWKSet>[0]);
  const uri = oidc.jwks_uri ?? (await discoverJwksUri(oidc.issuer));
  let keys = remoteKeys.get(uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(uri), { timeoutDuration: 10_000 });
    remoteKeys.set(uri, keys);
  }
  return keys;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new OAuthError(401, 'invalid_grant', `Could not read the issuer's OpenID configuration at ${url}: ${describe(error)}`);
  }
  const document = (await response.json().catch(() => null)) as { jwks_uri?: unknown } | null;
  if (!response.ok || typeof document?.jwks_uri !== 'string') {
    throw new OAuthError(401, 'invalid_grant', `The issuer's OpenID configuration at ${url} names no jwks_uri (HTTP ${response.status})`);
  }
  return document.jwks_uri;
}

function describe(error: unknown): string {
  if (error instanceof OAuthError) return error.message;
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify against the issuer\'s keys';
  return error instanceof Error ? error.message : String(error);
}
