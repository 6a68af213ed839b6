/**
 * The GitHub Actions OIDC token of this job, asked for as the Databricks SDK asks
 * (ACTIONS_ID_TOKEN_REQUEST_URL with `&audience=`, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN),
 * and the facts of the run that explain a missing one. The token never leaves this module
 * except decoded into claims.
 */
import { readFile } from 'node:fs/promises';
import { ExternalError } from '../core/errors.js';
import type { OidcRunFacts } from '../core/oidc/diagnose.js';
import { workspaceTokenAudience } from '../core/oidc/subject.js';
import { decodeToken, type DecodedToken } from '../core/oidc/token.js';

const TIMEOUT_MS = 10_000;

interface PullRequestEvent {
  pull_request?: { head?: { repo?: { full_name?: string } } };
}

/** The audience the Databricks SDK would ask for (DATABRICKS_TOKEN_AUDIENCE, the account id, else the workspace token endpoint). */
function audienceOf(env: NodeJS.ProcessEnv): OidcRunFacts['audience'] {
  if (env.DATABRICKS_TOKEN_AUDIENCE) return { value: env.DATABRICKS_TOKEN_AUDIENCE, from: 'DATABRICKS_TOKEN_AUDIENCE' };
  const host = env.DATABRICKS_HOST;
  if (host && /accounts\./.test(host) && env.DATABRICKS_ACCOUNT_ID) return { value: env.DATABRICKS_ACCOUNT_ID, from: 'DATABRICKS_ACCOUNT_ID, for an account login' };
  if (host) return { value: workspaceTokenAudience(host.startsWith('http') ? host : `https://${host}`), from: 'the token endpoint of DATABRICKS_HOST, as the Databricks SDK asks' };
  return null;
}

export async function readRunFacts(env: NodeJS.ProcessEnv): Promise<OidcRunFacts> {
  let forkHead: string | undefined;
  if (env.GITHUB_EVENT_PATH && env.GITHUB_EVENT_NAME?.startsWith('pull_request')) {
    const text = await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => undefined);
    try {
      const head = text ? (JSON.parse(text) as PullRequestEvent).pull_request?.head?.repo?.full_name : undefined;
      if (head && head !== env.GITHUB_REPOSITORY) forkHead = head;
    } catch {
      // An unreadable event file says nothing about forks.
    }
  }
  return {
    inActions: env.GITHUB_ACTIONS === 'true',
    canRequest: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
    eventName: env.GITHUB_EVENT_NAME,
    forkHead,
    audience: audienceOf(env),
    authType: env.DATABRICKS_AUTH_TYPE,
    clientId: env.DATABRICKS_CLIENT_ID,
  };
}

export async function requestIdToken(env: NodeJS.ProcessEnv, audience: string | undefined): Promise<DecodedToken> {
  const url = `${env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ''}${audience ? `&audience=${encodeURIComponent(audience)}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`, accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ExternalError(`GitHub's OIDC token service did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new ExternalError(`GitHub's OIDC token service answered ${response.status} ${response.statusText}`, { hint: 're-run the job: the request token is valid only while the job runs' });
  const body = (await response.json().catch(() => ({}))) as { value?: unknown };
  if (typeof body.value !== 'string') throw new ExternalError("GitHub's OIDC token service answered without a token");
  return decodeToken(body.value);
}
