/**
 * `dataops doctor --oidc` inside a workflow: what GitHub's token says (claims only), which
 * federation policy would accept it, and why an exchange fails — including the runs that
 * get no token at all (a pull request from a fork, a job without `id-token: write`).
 */
import type { DecodedToken } from './token.js';
import { environmentSubject, GITHUB_OIDC_ISSUER, policyForClaims, policyMismatches, subjectFormatOf, type FederationPolicy, type OidcClaims } from './subject.js';

export interface OidcRunFacts {
  inActions: boolean;
  /** ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set: GitHub will issue a token. */
  canRequest: boolean;
  eventName?: string;
  /** The head repository of a pull request event, when it is not this repository. */
  forkHead?: string;
  /** The audience asked for, and where it came from. */
  audience: { value: string; from: string } | null;
  authType?: string;
  clientId?: string;
}

/** The policy the user says is configured, to compare with (--policy-subject, --policy-audience). */
export interface ConfiguredPolicy {
  subject?: string;
  audience?: string;
}

export interface OidcDiagnosis {
  ok: boolean;
  lines: string[];
  /** The claims that matter, never the signature or the token. */
  claims?: Partial<OidcClaims>;
  subjectFormat?: 'classic' | 'immutable' | null;
  matchingPolicy?: FederationPolicy;
}

const SHOWN_CLAIMS = ['iss', 'aud', 'sub', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id', 'environment', 'event_name', 'ref', 'job_workflow_ref'] as const;

/** Why no token can be had, or null when one can. */
export function whyNoToken(facts: OidcRunFacts): OidcDiagnosis | null {
  if (facts.canRequest) return null;
  if (!facts.inActions) {
    return { ok: false, lines: ['not in a GitHub Actions job: there is no OIDC token to look at; run dataops doctor --oidc as a step of the workflow that deploys'] };
  }
  if (facts.forkHead) {
    return {
      ok: false,
      lines: [
        `no OIDC token: this is a ${facts.eventName ?? 'pull_request'} event from the fork ${facts.forkHead}, and GitHub issues no OIDC token to pull requests from forks`,
        'a Databricks login by GitHub OIDC cannot work in this run: deploy from push or workflow_dispatch runs of this repository; keep fork pull requests to the offline checks (dataops validate)',
      ],
    };
  }
  return {
    ok: false,
    lines: [
      'no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set, which means the job lacks `permissions: id-token: write`',
      'add it to the job (or the workflow): permissions: { contents: read, id-token: write }',
    ],
  };
}

export function diagnoseToken(facts: OidcRunFacts, token: DecodedToken, configured: ConfiguredPolicy = {}): OidcDiagnosis {
  const { claims } = token;
  const shown = Object.fromEntries(SHOWN_CLAIMS.filter((k) => claims[k] !== undefined).map((k) => [k, claims[k]])) as Partial<OidcClaims>;
  const format = claims.sub ? subjectFormatOf(claims.sub) : null;
  const matching = policyForClaims(claims);
  const lines = [`GitHub issued an OIDC token (${token.header.alg ?? 'unknown algorithm'}; claims below, the signature is not shown)`];
  for (const [key, value] of Object.entries(shown)) lines.push(`  ${key.padEnd(20)} ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  lines.push(`audience asked for: ${facts.audience ? `${facts.audience.value} (${facts.audience.from})` : 'none (GitHub’s default, the owner’s URL)'}`);
  lines.push('a Databricks federation policy accepts this token with:', `  issuer   ${matching.issuer}`, `  audience ${matching.audiences.join(', ') || '(none)'}`, `  subject  ${matching.subject}`);

  let ok = true;
  if (claims.iss !== GITHUB_OIDC_ISSUER) {
    ok = false;
    lines.push(`✖ the issuer is ${claims.iss ?? '(none)'}, not GitHub's ${GITHUB_OIDC_ISSUER}: a policy for GitHub Actions does not accept it`);
  }
  if (!claims.environment) {
    lines.push(`! the job runs outside a GitHub environment: its subject names the ${claims.ref ? `ref ${claims.ref}` : 'event'}, and the policies dataops setup oidc prints are per environment; give the job an environment`);
  }
  if (format === 'immutable' && claims.environment && claims.repository) {
    lines.push(
      `! this repository sends the immutable subject form: a name-based policy (subject ${environmentSubject(`repo:${claims.repository}`, claims.environment)}) does not match it, and the exchange fails (Databricks refuses the token; Entra ID says AADSTS700213). Since 2026-07-15 GitHub sends this form for new, renamed and transferred repositories: the policy needs the subject above (dataops setup oidc prints it)`,
    );
  } else if (format === 'classic' && claims.repository_owner_id && claims.repository_id && claims.environment) {
    lines.push(`  if the repository is renamed or transferred, GitHub sends repo:${claims.repository_owner}@${claims.repository_owner_id}/${claims.repository?.split('/')[1] ?? ''}@${claims.repository_id}:environment:${claims.environment} instead, and this policy stops matching`);
  }
  if (configured.subject || configured.audience) {
    const policy: FederationPolicy = { issuer: GITHUB_OIDC_ISSUER, audiences: configured.audience ? [configured.audience] : matching.audiences, subject: configured.subject ?? matching.subject };
    const mismatches = policyMismatches(policy, claims);
    if (mismatches.length === 0) lines.push('✔ the configured policy matches this token');
    for (const m of mismatches) {
      ok = false;
      lines.push(`✖ the exchange fails: the policy's ${m.claim} is ${m.policy}, the token's is ${m.token}`);
    }
  }
  if (facts.clientId && !facts.authType) lines.push('  DATABRICKS_AUTH_TYPE is not set: with id-token: write and DATABRICKS_CLIENT_ID the Databricks SDK tries GitHub OIDC first; set DATABRICKS_AUTH_TYPE=github-oidc to say so');
  return { ok, lines, claims: shown, subjectFormat: format, matchingPolicy: matching };
}
