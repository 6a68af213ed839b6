import type { RunContext } from './card.js';

const SHORT_SHA_LENGTH = 7;

/** The part of a GitHub event payload (GITHUB_EVENT_PATH) that points at a pull request. */
export interface GitHubEvent {
  pull_request?: { html_url?: string };
  issue?: { html_url?: string; pull_request?: { html_url?: string } };
}

/** What a GitHub Actions run tells about itself; empty outside GitHub Actions. */
export function runContextFromEnv(env: NodeJS.ProcessEnv, event: GitHubEvent | undefined): RunContext {
  if (env.GITHUB_ACTIONS !== 'true') return {};
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY;
  const context: RunContext = {
    repository,
    // On pull_request events GITHUB_REF_NAME is `<n>/merge`; the branch is more telling.
    ref: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
    commit: env.GITHUB_SHA?.slice(0, SHORT_SHA_LENGTH),
    actor: env.GITHUB_ACTOR,
    workflow: env.GITHUB_WORKFLOW,
    pullRequestUrl: pullRequestUrl(event),
  };
  if (repository && env.GITHUB_RUN_ID) {
    context.runUrl = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  }
  return dropEmpty(context);
}

// A comment on a pull request (the ChatOps `/release`) arrives as an issue with a pull_request link.
function pullRequestUrl(event: GitHubEvent | undefined): string | undefined {
  if (event?.pull_request?.html_url) return event.pull_request.html_url;
  if (event?.issue?.pull_request) return event.issue.pull_request.html_url ?? event.issue.html_url;
  return undefined;
}

function dropEmpty(context: RunContext): RunContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => typeof value === 'string' && value !== '')) as RunContext;
}
