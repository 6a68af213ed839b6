/**
 * The plan on its pull request: the number of the pull request this run belongs to, the
 * sticky comment per target, and the facts that decide whether the approval label counts.
 */
import { ExternalError } from '../core/errors.js';
import { judgeLabel } from '../core/plan/approval.js';
import type { LabelApproval } from '../core/plan/run.js';
import { connectionFromEnv, createGitHubClient, gitHubFailure, readEvent, repositoryFromEnv, upsertMarkedComment, type GitHubClient, type RepositoryRef } from './github.js';
import { headPushedAt, readPermission } from './github-release.js';

export interface PullRequestRef extends RepositoryRef {
  number: number;
  /** The head lives in another repository: its workflow has no secrets and no OIDC token. */
  fromFork: boolean;
}

/** The pull request of a `pull_request` workflow run, else null (push, dispatch, a laptop). */
export async function pullRequestOfRun(env: NodeJS.ProcessEnv): Promise<PullRequestRef | null> {
  if (!env.GITHUB_EVENT_PATH || !env.GITHUB_EVENT_NAME?.startsWith('pull_request')) return null;
  const event = (await readEvent(env)) as { pull_request?: { number?: unknown; head?: { repo?: { full_name?: unknown } } } } | null;
  const number = event?.pull_request?.number;
  if (typeof number !== 'number') return null;
  const where = repositoryFromEnv(env);
  const head = event?.pull_request?.head?.repo?.full_name;
  return { ...where, number, fromFork: typeof head === 'string' && head !== `${where.owner}/${where.repo}` };
}

export class PlanPullRequest {
  private readonly client: GitHubClient;

  constructor(
    env: NodeJS.ProcessEnv,
    readonly pull: PullRequestRef,
  ) {
    this.client = createGitHubClient(connectionFromEnv(env));
  }

  /** Creates the target's comment, or edits it in place (found by its hidden marker). */
  comment(marker: string, body: string): Promise<{ url: string; created: boolean }> {
    return upsertMarkedComment(this.client, { owner: this.pull.owner, repo: this.pull.repo, issueNumber: this.pull.number }, marker, body);
  }

  async labelApproval(label: string): Promise<LabelApproval> {
    const { client } = this;
    const where = { owner: this.pull.owner, repo: this.pull.repo };
    try {
      const { data: pull } = await client.rest.pulls.get({ ...where, pull_number: this.pull.number });
      const labels = pull.labels.map((l) => l.name);
      if (!labels.includes(label)) return { approved: false, detail: `pull request #${this.pull.number} does not carry the label ${label}` };
      const [events, pushedAt] = await Promise.all([
        client.paginate(client.rest.issues.listEvents, { ...where, issue_number: this.pull.number, per_page: 100 }),
        headPushedAt({ client, where }, pull.head),
      ]);
      return await judgeLabel({
        label,
        pull: this.pull.number,
        labels,
        events: events.flatMap((e) => ('label' in e && e.label && e.actor ? [{ event: e.event, label: e.label.name, actor: e.actor.login, createdAt: e.created_at }] : [])),
        headPushedAt: pushedAt,
        headSha: pull.head.sha,
        permissionOf: (login) => readPermission({ client, where }, login),
      });
    } catch (error) {
      if (error instanceof ExternalError) throw error;
      throw gitHubFailure(`reading the approval label of #${this.pull.number}`, error);
    }
  }
}
