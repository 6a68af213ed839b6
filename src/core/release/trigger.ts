import { UsageError } from '../errors.js';

export const RELEASE_COMMAND = '/release';

/** The comment that asked for a release, read from an `issue_comment` event payload. */
export interface ReleaseTrigger {
  /** The event's action: only `created` may start a release; undefined when the payload names none. */
  action: string | undefined;
  commentId: number;
  body: string;
  commenter: string;
  /** GitHub's account type of the commenter: `User`, `Bot`, `Organization`. */
  commenterType: string;
  createdAt: string;
  issueNumber: number;
  /** GitHub sends comments on pull requests as comments on issues that link a pull request. */
  onPullRequest: boolean;
  /** `owner/repo` of the event, when the payload names it. */
  repository: string | undefined;
}

interface IssueCommentPayload {
  action?: unknown;
  comment?: { id?: unknown; body?: unknown; created_at?: unknown; user?: { login?: unknown; type?: unknown } };
  issue?: { number?: unknown; pull_request?: unknown };
  repository?: { full_name?: unknown };
}

/** Reads the trigger out of an `issue_comment` event; any other event is a usage error. */
export function triggerOfEvent(payload: unknown): ReleaseTrigger {
  const event = (payload ?? {}) as IssueCommentPayload;
  const { comment, issue } = event;
  if (
    typeof comment?.id !== 'number' ||
    typeof comment.body !== 'string' ||
    typeof comment.created_at !== 'string' ||
    typeof comment.user?.login !== 'string' ||
    typeof issue?.number !== 'number'
  ) {
    throw new UsageError('the workflow event is not an issue_comment event', {
      hint: 'run `dataops release` in a workflow triggered by `on: issue_comment` (GITHUB_EVENT_PATH points at its payload)',
    });
  }
  return {
    // GitHub always names the action: a payload without one is not a new comment, whatever else it says.
    action: typeof event.action === 'string' ? event.action : undefined,
    commentId: comment.id,
    body: comment.body,
    commenter: comment.user.login,
    // Bots are named `…[bot]` even when a payload leaves the type out.
    commenterType: typeof comment.user.type === 'string' ? comment.user.type : comment.user.login.endsWith('[bot]') ? 'Bot' : 'User',
    createdAt: comment.created_at,
    issueNumber: issue.number,
    onPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    repository: typeof event.repository?.full_name === 'string' ? event.repository.full_name : undefined,
  };
}

/** A full commit SHA (SHA-1, or SHA-256 in repositories that use it). */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * `release`: the first line is exactly `/release`, or `/release <full SHA>` naming the head
 * to release. `malformed`: it starts with `/release` but says something else on that line
 * (`/release now`, `/released`, an abbreviated SHA, which a pusher can forge by brute force),
 * which is refused with a comment. `none`: a conversation that merely mentions the command,
 * which is left alone.
 */
export type CommandMatch = 'release' | 'malformed' | 'none';

export function matchCommand(body: string): CommandMatch {
  const [command, ...rest] = firstLine(body).trimEnd().split(/[ \t]+/);
  if (command === RELEASE_COMMAND && (rest.length === 0 || (rest.length === 1 && FULL_SHA.test(rest[0] ?? '')))) return 'release';
  return firstLine(body).trimStart().startsWith(RELEASE_COMMAND) ? 'malformed' : 'none';
}

/** The head SHA `/release <sha>` names, lower case; undefined for a plain `/release` (or no command). */
export function requestedSha(body: string): string | undefined {
  if (matchCommand(body) !== 'release') return undefined;
  return firstLine(body).trimEnd().split(/[ \t]+/)[1]?.toLowerCase();
}

function firstLine(body: string): string {
  return body.split(/\r?\n/, 1)[0] ?? '';
}

/** False for a conversation that merely mentions the command: answering it would be noise. */
export function isReleaseRequest(trigger: ReleaseTrigger): boolean {
  return matchCommand(trigger.body) !== 'none';
}
