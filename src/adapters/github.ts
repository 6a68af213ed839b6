/**
 * GitHub through octokit: the client (token, GITHUB_API_URL, timeouts, retries) and
 * the comment upsert the version preview uses. Loaded lazily: octokit is heavy.
 */
import { Octokit } from '@octokit/rest';
import { ExternalError, UsageError } from '../core/errors.js';

export type GitHubClient = Octokit;

export interface GitHubConnection {
  token: string;
  /** REST root, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  /** GraphQL endpoint (release-please uses it). */
  graphqlUrl: string;
}

export interface RepositoryRef {
  owner: string;
  repo: string;
}

const TIMEOUT_MS = 30_000;
const ATTEMPTS = 4;
const MAX_WAIT_MS = 30_000;

/** The token and endpoints a workflow gives us: GITHUB_TOKEN (or GH_TOKEN), GITHUB_API_URL, GITHUB_GRAPHQL_URL. */
export function connectionFromEnv(env: NodeJS.ProcessEnv, token?: string): GitHubConnection {
  const chosen = token ?? env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!chosen) {
    throw new UsageError('no GitHub token: set GITHUB_TOKEN (or GH_TOKEN)', {
      hint: 'in a workflow: env: { GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} } or a GitHub App token',
    });
  }
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  // GitHub Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql.
  const graphqlUrl = env.GITHUB_GRAPHQL_URL ?? (apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`);
  return { token: chosen, apiUrl, graphqlUrl: graphqlUrl.replace(/\/+$/, '') };
}

/** `owner/repo` from GITHUB_REPOSITORY. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): RepositoryRef {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new UsageError('GITHUB_REPOSITORY is not set to owner/repo', { hint: 'run in GitHub Actions, or set GITHUB_REPOSITORY=owner/repo' });
  return { owner, repo };
}

/** An octokit whose every call has a timeout and retries 429 and 5xx, honouring Retry-After. */
export function createGitHubClient(connection: GitHubConnection, sleep: (ms: number) => Promise<void> = defaultSleep): GitHubClient {
  const octokit = new Octokit({
    auth: connection.token,
    baseUrl: connection.apiUrl,
    userAgent: 'dataops',
    request: { fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const wait = retryDelay(error, attempt);
        if (wait === null) throw error;
        await sleep(wait);
      }
    }
  });
  return octokit;
}

function retryDelay(error: unknown, attempt: number): number | null {
  if (attempt >= ATTEMPTS) return null;
  const status = httpStatus(error);
  const network = status === undefined && error instanceof Error && /fetch failed|timeout|aborted/i.test(error.message);
  if (!network && status !== 429 && (status === undefined || status < 500)) return null;
  const retryAfter = Number((error as { response?: { headers?: Record<string, string> } }).response?.headers?.['retry-after']);
  const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 500 * 2 ** (attempt - 1);
  return wait <= MAX_WAIT_MS ? wait : null;
}

/** The HTTP status of an octokit RequestError, if it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Wraps a failed call as an ExternalError that names it (the token never appears: octokit redacts it). */
export function gitHubFailure(what: string, error: unknown): ExternalError {
  const status = httpStatus(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new ExternalError(`GitHub: ${what} failed${status ? ` (${status})` : ''}: ${reason}`, {
    hint: status === 401 || status === 403 ? 'check that the token has the permissions docs/release.md lists' : undefined,
    cause: error,
  });
}

/**
 * Creates the issue comment that carries `marker`, or edits it when it exists,
 * so a workflow that runs on every push keeps one comment up to date.
 */
export async function upsertMarkedComment(
  client: GitHubClient,
  where: RepositoryRef & { issueNumber: number },
  marker: string,
  body: string,
): Promise<{ url: string; created: boolean }> {
  try {
    const comments = await client.paginate(client.rest.issues.listComments, { owner: where.owner, repo: where.repo, issue_number: where.issueNumber, per_page: 100 });
    const existing = comments.find((comment) => comment.body?.includes(marker));
    if (existing) {
      const { data } = await client.rest.issues.updateComment({ owner: where.owner, repo: where.repo, comment_id: existing.id, body });
      return { url: data.html_url, created: false };
    }
    const { data } = await client.rest.issues.createComment({ owner: where.owner, repo: where.repo, issue_number: where.issueNumber, body });
    return { url: data.html_url, created: true };
  } catch (error) {
    throw gitHubFailure(`commenting on #${where.issueNumber}`, error);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The JSON payload of the event that started the workflow (GITHUB_EVENT_PATH). */
export async function readEvent(env: NodeJS.ProcessEnv): Promise<unknown> {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) throw new UsageError('GITHUB_EVENT_PATH is not set', { hint: 'run this in a GitHub Actions workflow, or point GITHUB_EVENT_PATH at an event JSON file' });
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read the event file ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      location: { file },
      hint: 'GITHUB_EVENT_PATH must name a readable event JSON file; on a runner, GitHub Actions sets it',
    });
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError('the event file is not JSON', {
      location: { file },
      hint: 'GITHUB_EVENT_PATH must name the event JSON file of the workflow run',
    });
  }
}
