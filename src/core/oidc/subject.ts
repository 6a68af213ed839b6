/**
 * GitHub Actions OIDC subjects and Databricks federation policies, pure: the subject a
 * repository's workflows send for an environment, and whether a policy accepts a token's
 * claims (and, when not, why). Shared by `dataops setup oidc`, `dataops doctor --oidc` and
 * the federation support of `dataops local`.
 */

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Since 2026-07-15 new, renamed and transferred repositories send immutable subjects
 * (`repo:owner@ID/repo@ID:…`); older ones send names (`repo:owner/repo:…`) unless they opt in.
 */
export type SubjectFormat = 'classic' | 'immutable';

export interface RepositoryIdentity {
  owner: string;
  repo: string;
  /** Numeric ids, needed for the immutable form. */
  ownerId?: number;
  repoId?: number;
}

/** `repo:owner/repo` or `repo:owner@ID/repo@ID`; null when the ids of the immutable form are unknown. */
export function subjectPrefix(identity: RepositoryIdentity, format: SubjectFormat): string | null {
  if (format === 'classic') return `repo:${identity.owner}/${identity.repo}`;
  if (identity.ownerId === undefined || identity.repoId === undefined) return null;
  return `repo:${identity.owner}@${identity.ownerId}/${identity.repo}@${identity.repoId}`;
}

/** The subject of a job that runs in a GitHub environment, for a repository's subject prefix. */
export function environmentSubject(prefix: string, environment: string): string {
  return `${prefix}:environment:${environment}`;
}

/** Which form a subject has, read from its repository part. */
export function subjectFormatOf(subject: string): SubjectFormat | null {
  const repository = /^repo:([^:]+)/.exec(subject)?.[1];
  if (!repository) return null;
  return /^[^/@]+@\d+\/[^/@]+@\d+$/.test(repository) ? 'immutable' : 'classic';
}

export interface FederationPolicy {
  issuer: string;
  /** Accepted `aud` values; Databricks takes the account id when the list is empty. */
  audiences: string[];
  subject: string;
}

/** The claims of a GitHub Actions OIDC token that a policy and a diagnosis look at. */
export interface OidcClaims {
  iss?: string;
  aud?: string | string[];
  sub?: string;
  repository?: string;
  repository_id?: string;
  repository_owner?: string;
  repository_owner_id?: string;
  environment?: string;
  event_name?: string;
  ref?: string;
  job_workflow_ref?: string;
  exp?: number;
  [claim: string]: unknown;
}

export interface ClaimMismatch {
  claim: 'iss' | 'aud' | 'sub';
  policy: string;
  token: string;
}

/** What a Databricks service principal federation policy checks: issuer, audience and subject, exactly. */
export function policyMismatches(policy: FederationPolicy, claims: OidcClaims): ClaimMismatch[] {
  const problems: ClaimMismatch[] = [];
  if (claims.iss !== policy.issuer) problems.push({ claim: 'iss', policy: policy.issuer, token: claims.iss ?? '(none)' });
  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (policy.audiences.length > 0 && !audiences.some((aud) => policy.audiences.includes(aud))) {
    problems.push({ claim: 'aud', policy: policy.audiences.join(', '), token: audiences.join(', ') || '(none)' });
  }
  if (claims.sub !== policy.subject) problems.push({ claim: 'sub', policy: policy.subject, token: claims.sub ?? '(none)' });
  return problems;
}

/** The policy a token's own claims would be accepted by: what to create when none matches. */
export function policyForClaims(claims: OidcClaims): FederationPolicy {
  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return { issuer: claims.iss ?? GITHUB_OIDC_ISSUER, audiences, subject: claims.sub ?? '' };
}

/**
 * The audience the Databricks SDKs and CLI ask GitHub for when DATABRICKS_TOKEN_AUDIENCE is
 * unset and they log in to a workspace: its token endpoint (databricks-sdk-go, WIF exchange).
 */
export function workspaceTokenAudience(host: string): string {
  return `${host.replace(/\/+$/, '')}/oidc/v1/token`;
}
