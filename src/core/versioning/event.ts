import { UsageError } from '../errors.js';

/** What the version preview needs from a `pull_request` event. */
export interface PullRequestOfEvent {
  number: number;
  title: string;
  baseSha: string;
  baseRef: string;
}

/** Reads the pull request out of a `pull_request` / `pull_request_target` event payload. */
export function pullRequestOfEvent(payload: unknown): PullRequestOfEvent {
  const pr = (payload as { pull_request?: { number?: unknown; title?: unknown; base?: { sha?: unknown; ref?: unknown } } } | null)?.pull_request;
  if (typeof pr?.number !== 'number' || typeof pr.title !== 'string' || typeof pr.base?.sha !== 'string' || typeof pr.base.ref !== 'string') {
    throw new UsageError('the workflow event is not a pull request event', {
      hint: 'run `dataops version --comment` in a workflow triggered by pull_request (GITHUB_EVENT_PATH)',
    });
  }
  return { number: pr.number, title: pr.title, baseSha: pr.base.sha, baseRef: pr.base.ref };
}
