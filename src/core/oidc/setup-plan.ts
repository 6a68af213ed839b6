/**
 * `dataops setup oidc`: the federation policy each environment of the workflows needs, in
 * the subject form the repository actually sends.
 */
import { UsageError } from '../errors.js';
import { environmentSubject, GITHUB_OIDC_ISSUER, subjectFormatOf, subjectPrefix, type FederationPolicy, type RepositoryIdentity, type SubjectFormat } from './subject.js';
import type { OidcJob } from './workflows.js';

/** GitHub's answer to GET /repos/{owner}/{repo}/actions/oidc/customization/sub. */
export interface SubCustomization {
  use_default: boolean;
  include_claim_keys?: string[];
  use_immutable_subject?: boolean;
  sub_claim_prefix?: string;
}

export interface SubjectSource {
  prefix: string;
  format: SubjectFormat;
  /** Where the form comes from, for the output. */
  from: string;
}

const DEFAULT_CLAIM_KEYS = ['repo', 'context'];

/** The subject prefix the repository sends, from GitHub's customisation, else from --subject-format. */
export function subjectSource(identity: RepositoryIdentity, customization: SubCustomization | null, asked: SubjectFormat | undefined, why: string): SubjectSource {
  if (customization) {
    const keys = customization.use_default ? DEFAULT_CLAIM_KEYS : (customization.include_claim_keys ?? DEFAULT_CLAIM_KEYS);
    if (keys.join(',') !== DEFAULT_CLAIM_KEYS.join(',')) {
      throw new UsageError(`the repository's OIDC subject is customised (claims ${keys.join(', ')}): dataops cannot write it ahead of a run`, {
        hint: 'run dataops doctor --oidc in the workflow: it prints the subject the token carries, which is the one the policy needs',
      });
    }
    const format: SubjectFormat = customization.use_immutable_subject ? 'immutable' : 'classic';
    const prefix = customization.sub_claim_prefix ?? subjectPrefix(identity, format);
    if (prefix) return { prefix, format: customization.sub_claim_prefix ? (subjectFormatOf(prefix) ?? format) : format, from: 'the repository’s OIDC settings (GitHub API)' };
  }
  if (!asked) {
    throw new UsageError(`cannot tell which OIDC subject form ${identity.owner}/${identity.repo} sends: ${why}`, {
      hint: 'pass --subject-format classic (repo:owner/repo:…) or --subject-format immutable (repo:owner@ID/repo@ID:…, with --owner-id and --repo-id); repositories created, renamed or transferred since 2026-07-15 send the immutable form',
    });
  }
  const prefix = subjectPrefix(identity, asked);
  if (!prefix) throw new UsageError('the immutable subject needs the owner and repository ids', { hint: 'pass --owner-id and --repo-id (GET /repos/{owner}/{repo} shows owner.id and id)' });
  return { prefix, format: asked, from: '--subject-format' };
}

export interface PlannedPolicy {
  environment: string;
  /** `workflow file: job` of every job that needs it. */
  jobs: string[];
  policy: FederationPolicy;
  /** Where the audience came from; null when it is not known. */
  audienceFrom: string | null;
}

export interface OidcPlan {
  policies: PlannedPolicy[];
  /** Jobs no policy is planned for, and why. */
  notes: string[];
}

export function planPolicies(jobs: readonly OidcJob[], source: SubjectSource, audienceFor: (environment: string) => { value: string; from: string } | null): OidcPlan {
  const byEnvironment = new Map<string, PlannedPolicy>();
  const notes: string[] = [];
  for (const job of jobs) {
    const where = `${job.workflow}: ${job.job}`;
    if (job.environment === null) {
      notes.push(`${where} asks for an OIDC token outside any environment: its subject names the ref or event, not an environment; give the job an environment`);
      continue;
    }
    if (job.dynamic) {
      notes.push(`${where} names its environment with an expression (${job.environment}): run dataops doctor --oidc in it to see the subject`);
      continue;
    }
    const planned = byEnvironment.get(job.environment);
    if (planned) {
      planned.jobs.push(where);
      continue;
    }
    const audience = audienceFor(job.environment);
    byEnvironment.set(job.environment, {
      environment: job.environment,
      jobs: [where],
      policy: { issuer: GITHUB_OIDC_ISSUER, audiences: audience ? [audience.value] : [], subject: environmentSubject(source.prefix, job.environment) },
      audienceFrom: audience?.from ?? null,
    });
  }
  return { policies: [...byEnvironment.values()], notes };
}

/** The request body of `databricks account service-principal-federation-policy create`. */
export function policyRequestBody(policy: FederationPolicy): { oidc_policy: FederationPolicy } {
  return { oidc_policy: policy };
}
