/**
 * Workload identity federation as Databricks models it: a service principal trusts tokens of an
 * outside issuer (GitHub Actions, …) through federation policies, each naming the issuer, the
 * audiences and the subject it accepts. `dataops local` decides token exchanges with this; a
 * setup or doctor command can use the same model to explain why a subject would not match.
 */

/** The OIDC part of a federation policy, as the Databricks account API describes it. */
export interface OidcFederationPolicy {
  /** The required `iss` claim. */
  issuer: string;
  /** Accepted `aud` values; when absent, Databricks accepts the account id. */
  audiences?: string[];
  /** The required value of the subject claim. */
  subject?: string;
  /** The claim that holds the subject; `sub` when absent. */
  subject_claim?: string;
  /** The issuer's public keys as a JWKS document; when absent they are discovered from the issuer. */
  jwks_json?: string;
  /** Where the issuer's JWKS is; when absent it comes from the issuer's OpenID configuration. */
  jwks_uri?: string;
}

/** A federation policy of a service principal (POST …/servicePrincipals/{id}/federationPolicies). */
export interface FederationPolicy {
  name?: string;
  uid?: string;
  policy_id?: string;
  description?: string;
  service_principal_id?: number;
  create_time?: string;
  update_time?: string;
  oidc_policy: OidcFederationPolicy;
}

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** The claims of a verified subject token that federation looks at. */
export type TokenClaims = Record<string, unknown> & { iss?: string; aud?: string | string[] };

export type FederationDecision =
  | { ok: true; policy: FederationPolicy }
  | { ok: false; reason: 'issuer' | 'audience' | 'subject'; message: string };

/** The audiences a policy accepts: its own list, or the account id as Databricks defaults to. */
export function acceptedAudiences(policy: OidcFederationPolicy, accountId: string): string[] {
  return policy.audiences && policy.audiences.length > 0 ? policy.audiences : [accountId];
}

/**
 * Which of a service principal's policies accepts a token, or why none does (the first reason
 * found on the policies of the token's issuer: audience before subject, as a reader fixes them).
 */
export function decideFederation(policies: readonly FederationPolicy[], claims: TokenClaims, accountId: string): FederationDecision {
  const issuer = typeof claims.iss === 'string' ? claims.iss : '';
  const sameIssuer = policies.filter((policy) => policy.oidc_policy.issuer === issuer);
  if (sameIssuer.length === 0) {
    return { ok: false, reason: 'issuer', message: `no federation policy of this service principal trusts the issuer '${issuer}'` };
  }
  const tokenAudiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const audienceFits = sameIssuer.filter((policy) => acceptedAudiences(policy.oidc_policy, accountId).some((aud) => tokenAudiences.includes(aud)));
  if (audienceFits.length === 0) {
    return { ok: false, reason: 'audience', message: `the token's audience '${tokenAudiences.join(', ')}' is not accepted by any federation policy for issuer '${issuer}'` };
  }
  const match = audienceFits.find((policy) => policy.oidc_policy.subject === undefined || subjectOf(claims, policy.oidc_policy) === policy.oidc_policy.subject);
  if (!match) {
    const claim = audienceFits[0]?.oidc_policy.subject_claim ?? 'sub';
    return { ok: false, reason: 'subject', message: `the token's ${claim} '${subjectOf(claims, audienceFits[0]?.oidc_policy)}' does not match the subject of any federation policy` };
  }
  return { ok: true, policy: match };
}

function subjectOf(claims: TokenClaims, policy: OidcFederationPolicy | undefined): string {
  const value = claims[policy?.subject_claim ?? 'sub'];
  return typeof value === 'string' ? value : '';
}

/** What a GitHub Actions OIDC subject is made of. */
export interface GitHubSubjectParts {
  owner: string;
  repository: string;
  /** The numeric ids: since 2026-07-15 new, renamed or transferred repositories send `owner@id/repo@id`. */
  ownerId?: number;
  repositoryId?: number;
  /** `environment:production`, `ref:refs/heads/main`, `pull_request`, … */
  context: string;
}

/** The `sub` claim GitHub sends for a job: `repo:acme/sales:environment:production`, or the immutable `repo:acme@1/sales@2:…`. */
export function githubSubject(parts: GitHubSubjectParts): string {
  const owner = parts.ownerId === undefined ? parts.owner : `${parts.owner}@${parts.ownerId}`;
  const repository = parts.repositoryId === undefined ? parts.repository : `${parts.repository}@${parts.repositoryId}`;
  return `repo:${owner}/${repository}:${parts.context}`;
}
