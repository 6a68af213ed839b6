/**
 * The fast track's outside world on GitHub: reading what the gates need, and the writes of
 * `ReleaseHost` (merge, release-please, release, workflow dispatch, comments, reactions).
 * release-please runs as its own library (`Manifest`) against the same API.
 */
import type { Manifest } from 'release-please';
import { CheckFailedError, UsageError } from '../core/errors.js';
import { isMarkedComment } from '../core/release/comments.js';
import type { ReleaseFacts, PullFacts } from '../core/release/facts.js';
import type { Reaction, ReleaseHost, ReleasePull, ReleasedVersion } from '../core/release/fast-track.js';
import type { ReleaseSettings } from '../core/release/settings.js';
import type { ReleaseTrigger } from '../core/release/trigger.js';
import { CONFIG_FILE, MANIFEST_FILE } from '../core/versioning/preview.js';
import { gitHubFailure, httpStatus, type GitHubClient, type GitHubConnection, type RepositoryRef } from './github.js';

const MERGEABLE_POLLS = 5;
const MERGEABLE_WAIT_MS = 2_000;
const TIMEOUT_MS = 30_000;
/** release-please's branch names: `release-please--branches--main`, with `--components--x` for monorepos. */
const RELEASE_BRANCH_PREFIX = 'release-please--branches--';

export type ReleaseLog = (text: string) => void;

export interface ReleaseWorld {
  client: GitHubClient;
  connection: GitHubConnection;
  where: RepositoryRef;
  log: ReleaseLog;
  sleep: (ms: number) => Promise<void>;
}

/** Reads everything the gates look at; writes nothing. */
export async function readReleaseFacts(world: ReleaseWorld, trigger: ReleaseTrigger, settings: ReleaseSettings): Promise<ReleaseFacts> {
  const { client, where } = world;
  const identity = settings.identity ?? (await tokenAccount(world));
  // State markers count only in the fast track's own comments: anyone can type a marker.
  const own = (comment: { user?: { login?: string } | null }): boolean => comment.user?.login === identity;
  const repository = await call(`reading ${where.owner}/${where.repo}`, () => client.rest.repos.get({ ...where }));
  const pull = trigger.onPullRequest ? await readPull(world, trigger.issueNumber) : null;
  const comments = pull ? await call(`listing the comments of #${trigger.issueNumber}`, () => client.paginate(client.rest.issues.listComments, { ...where, issue_number: trigger.issueNumber, per_page: 100 })) : [];
  const head = pull?.headSha;
  return {
    trigger,
    repository: repository.data.full_name,
    defaultBranch: repository.data.default_branch,
    liveCommentBody: await readCommentBody(world, trigger.commentId),
    pull,
    permission: await readPermission(world, trigger.commenter),
    checkRuns: head ? (await call(`listing the check runs of ${head}`, () => client.paginate(client.rest.checks.listForRef, { ...where, ref: head, per_page: 100 }))).map((run) => ({ name: run.name, status: run.status, conclusion: run.conclusion })) : [],
    statuses: head ? await readStatuses(world, head) : [],
    releaseConfigProblem: pull ? await releaseConfigurationProblem(world, repository.data.default_branch) : null,
    startedBefore: comments.some((comment) => own(comment) && isMarkedComment(comment.body ?? '', 'start')),
    completedBefore: comments.some((comment) => own(comment) && isMarkedComment(comment.body ?? '', 'complete', trigger.commentId)),
    allowForks: settings.allowForks,
    allowedBots: settings.bots,
    requiredChecks: settings.requiredChecks,
  };
}

/** The account GitHub reports for the token; GITHUB_TOKEN and app tokens cannot ask (403), and comment as github-actions[bot]. */
async function tokenAccount({ client }: ReleaseWorld): Promise<string> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) return 'github-actions[bot]';
    throw gitHubFailure('reading the account of the token', error);
  }
}

/** Every status of the head, page by page (the combined status holds only the first 100), the latest per context. */
async function readStatuses({ client, where }: ReleaseWorld, head: string): Promise<ReleaseFacts['statuses']> {
  const all = await call(`reading the statuses of ${head}`, () => client.paginate(client.rest.repos.listCommitStatusesForRef, { ...where, ref: head, per_page: 100 }));
  const latest = new Map<string, { context: string; state: string }>();
  // Newest first: the first status of a context is its current state.
  for (const status of all) if (!latest.has(status.context)) latest.set(status.context, { context: status.context, state: status.state });
  return [...latest.values()];
}

async function readPull(world: ReleaseWorld, number: number): Promise<PullFacts | null> {
  const { client, where } = world;
  for (let attempt = 1; ; attempt++) {
    const response = await client.rest.pulls.get({ ...where, pull_number: number }).catch((error: unknown) => {
      if (httpStatus(error) === 404) return null;
      throw gitHubFailure(`reading pull request #${number}`, error);
    });
    if (!response) return null;
    const pull = response.data;
    // GitHub computes mergeability in the background after a push: ask again for a while.
    if (pull.state === 'open' && pull.mergeable === null && attempt < MERGEABLE_POLLS) {
      await world.sleep(MERGEABLE_WAIT_MS);
      continue;
    }
    return {
      number: pull.number,
      title: pull.title,
      state: pull.state === 'open' ? 'open' : 'closed',
      draft: pull.draft === true,
      merged: pull.merged,
      mergeCommitSha: pull.merge_commit_sha,
      mergeable: pull.mergeable,
      baseRef: pull.base.ref,
      headSha: pull.head.sha,
      headRepository: pull.head.repo?.full_name ?? null,
      headPushedAt: await headPushedAt(world, pull.head),
    };
  }
}

/**
 * When GitHub first saw the pull request's head on its branch: the earliest `created_at` of the
 * check suites pushed there. A suite from another branch does not count: a commit pushed
 * elsewhere before the comment, then onto this branch after it, was not the head then.
 * GitHub reports a push to a fork's branch with a null `head_branch`.
 */
export async function headPushedAt(
  { client, where }: Pick<ReleaseWorld, 'client' | 'where'>,
  head: { sha: string; ref: string; repo: { full_name: string } | null },
): Promise<string | null> {
  const { sha } = head;
  const branch = head.repo?.full_name.toLowerCase() === `${where.owner}/${where.repo}`.toLowerCase() ? head.ref : null;
  const suites = await call(`listing the check suites of ${sha}`, () => client.paginate(client.rest.checks.listSuitesForRef, { ...where, ref: sha, per_page: 100 }));
  const dates = suites.filter((suite) => suite.head_sha === sha && suite.head_branch === branch && suite.created_at).map((suite) => suite.created_at as string);
  return dates.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

async function readCommentBody({ client, where }: ReleaseWorld, id: number): Promise<string | null> {
  try {
    return (await client.rest.issues.getComment({ ...where, comment_id: id })).data.body ?? '';
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw gitHubFailure(`reading comment ${id}`, error);
  }
}

/** The permission of `login` on the repository, as GitHub reports it (`none` for a non-collaborator). */
export async function readPermission({ client, where }: Pick<ReleaseWorld, 'client' | 'where'>, login: string): Promise<ReleaseFacts['permission']> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...where, username: login });
    return { permission: data.permission, role: data.role_name };
  } catch (error) {
    // GitHub answers 404 for an account that is not a collaborator of a private repository.
    if (httpStatus(error) === 404) return { permission: 'none', role: undefined };
    throw gitHubFailure(`reading the permission of @${login}`, error);
  }
}

export interface HostOptions {
  trigger: ReleaseTrigger;
  defaultBranch: string;
  workflow: string;
  ref: string;
  /** Where people open runs: GITHUB_SERVER_URL. */
  webUrl: string;
  /** Removes secrets from text we post. */
  sanitize: (text: string) => string;
  notifyFailure: ReleaseHost['notifyFailure'];
  gatesChecked: ReleaseHost['gatesChecked'];
  begin: ReleaseHost['begin'];
}

/** The fast track's writes, on GitHub. */
export function createReleaseHost(world: ReleaseWorld, options: HostOptions): ReleaseHost {
  const { client, where } = world;
  const { trigger } = options;
  return {
    comment: async (body) => {
      await call(`commenting on #${trigger.issueNumber}`, () => client.rest.issues.createComment({ ...where, issue_number: trigger.issueNumber, body: options.sanitize(body) }));
    },
    react: async (content: Reaction) => {
      await call(`reacting ${content} to comment ${trigger.commentId}`, () => client.rest.reactions.createForIssueComment({ ...where, comment_id: trigger.commentId, content }));
    },
    mergePull: async (pull) => squashMerge(world, pull, `Merged by the /release fast track at the request of @${trigger.commenter}.`),
    releaseContaining: (sha) => latestReleaseContaining(world, sha),
    openReleasePull: async () => {
      const manifest = await releasePlease(world, options.defaultBranch);
      await manifest.createPullRequests();
      // An unchanged pull request is not returned: look the open one up by release-please's branch name.
      const open = await call('listing open pull requests', () => client.paginate(client.rest.pulls.list, { ...where, state: 'open', base: options.defaultBranch, per_page: 100 }));
      const release = open.find((pull) => pull.head.ref.startsWith(RELEASE_BRANCH_PREFIX) && pull.head.repo?.full_name === `${where.owner}/${where.repo}`);
      return release ? { number: release.number, headSha: release.head.sha, title: release.title } : null;
    },
    mergeReleasePull: async (pull: ReleasePull) => {
      await squashMerge(world, pull, '');
    },
    createRelease: async () => {
      const manifest = await releasePlease(world, options.defaultBranch);
      const [release] = (await manifest.createReleases()).filter((r) => r !== undefined);
      return release ? { tag: release.tagName, url: release.url } : null;
    },
    dispatchProduction: (tag) => dispatch(world, options, tag),
    notifyFailure: options.notifyFailure,
    gatesChecked: options.gatesChecked,
    begin: options.begin,
  };
}

async function squashMerge({ client, where }: ReleaseWorld, pull: ReleasePull, body: string): Promise<string> {
  try {
    const { data } = await client.rest.pulls.merge({ ...where, pull_number: pull.number, sha: pull.headSha, merge_method: 'squash', commit_title: pull.title, commit_message: body });
    return data.sha;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 409) {
      throw new CheckFailedError(`the head of #${pull.number} moved away from ${pull.headSha.slice(0, 7)}, the commit that was checked: nothing was merged`, {
        hint: 'review the new commits, then comment /release again',
        cause: error,
      });
    }
    if (status === 405) throw new CheckFailedError(`GitHub refused to merge #${pull.number}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    throw gitHubFailure(`merging #${pull.number}`, error);
  }
}

async function latestReleaseContaining({ client, where }: ReleaseWorld, sha: string): Promise<ReleasedVersion | null> {
  const latest = await client.rest.repos.getLatestRelease({ ...where }).catch((error: unknown) => {
    if (httpStatus(error) === 404) return null;
    throw gitHubFailure('reading the latest release', error);
  });
  if (!latest) return null;
  const { tag_name: tag, html_url: url } = latest.data;
  const { data } = await call(`comparing ${sha.slice(0, 7)} with ${tag}`, () => client.rest.repos.compareCommitsWithBasehead({ ...where, basehead: `${sha}...${tag}`, per_page: 1 }));
  return data.status === 'ahead' || data.status === 'identical' ? { tag, url } : null;
}

async function dispatch({ client, where }: ReleaseWorld, options: HostOptions, tag: string): Promise<string> {
  const { data } = await call(`starting ${options.workflow} on ${options.ref}`, () =>
    client.rest.actions.createWorkflowDispatch({ ...where, workflow_id: options.workflow, ref: options.ref, inputs: { tag }, return_run_details: true }),
  );
  // GitHub Enterprise Server versions without run details answer 204: link the workflow's runs instead.
  const run = (data as { html_url?: unknown } | undefined)?.html_url;
  return typeof run === 'string' ? run : `${options.webUrl}/${where.owner}/${where.repo}/actions/workflows/${options.workflow}`;
}

/** release-please's own Manifest over the GitHub API, as the release-please action runs it. */
async function releasePlease({ connection, where, log }: ReleaseWorld, branch: string): Promise<Manifest> {
  const { GitHub, Manifest: ReleasePleaseManifest, setLogger, Errors } = await import('release-please');
  const forward = (first: unknown, ...rest: unknown[]): void => log(`release-please: ${[first, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}`);
  const logger = { error: forward, warn: forward, info: forward, debug: forward, trace: forward };
  setLogger(logger);
  try {
    const github = await GitHub.create({
      ...where,
      token: connection.token,
      apiUrl: connection.apiUrl,
      // release-please appends /graphql itself.
      graphqlUrl: connection.graphqlUrl.replace(/\/graphql$/, ''),
      defaultBranch: branch,
      logger,
      fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }),
    });
    return await ReleasePleaseManifest.fromManifest(github, branch, CONFIG_FILE, MANIFEST_FILE, { logger });
  } catch (error) {
    if (error instanceof Errors.FileNotFoundError || error instanceof Errors.ConfigurationError) {
      throw new UsageError(`release-please cannot run: ${error.message} on ${branch}`, { hint: `commit ${CONFIG_FILE} and ${MANIFEST_FILE} (dataops init writes both)`, cause: error });
    }
    throw gitHubFailure('running release-please', error);
  }
}

/** Whether release-please finds its configuration, checked before anything is merged. */
async function releaseConfigurationProblem(world: ReleaseWorld, branch: string): Promise<string | null> {
  try {
    await releasePlease(world, branch);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function call<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw gitHubFailure(what, error);
  }
}
