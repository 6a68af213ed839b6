/**
 * Whether the approval label on a pull request counts: it must be on the pull request now,
 * have been put there by someone who may release (as `/release` judges its commenter), and
 * after the head was pushed, so a push after the approval needs a new one. The push is dated by
 * the head's first check suite on the branch, as `/release` dates it: a committer can backdate
 * a git date, not the time GitHub saw the push.
 */
import { releaseRole } from '../release/gates.js';
import type { LabelApproval } from './run.js';

export interface LabelEvent {
  event: string;
  label: string;
  actor: string;
  createdAt: string;
}

export interface LabelFacts {
  label: string;
  pull: number;
  labels: readonly string[];
  /** The timeline's label events, oldest first. */
  events: readonly LabelEvent[];
  /** When the head was pushed to the pull request's branch (its first check suite), or null when nothing dates it. */
  headPushedAt: string | null;
  headSha: string;
  permissionOf(login: string): Promise<{ permission: string; role: string | undefined }>;
}

export async function judgeLabel(facts: LabelFacts): Promise<LabelApproval> {
  const { label, pull } = facts;
  if (!facts.labels.includes(label)) return { approved: false, detail: `pull request #${pull} does not carry the label ${label}` };
  const applied = facts.events.filter((e) => e.event === 'labeled' && e.label === label).at(-1);
  if (!applied) return { approved: false, detail: `the timeline of #${pull} does not say who applied ${label}: not counted` };
  const role = releaseRole(await facts.permissionOf(applied.actor));
  if (!role) return { approved: false, detail: `${label} was applied by @${applied.actor}, who may not release (write, maintain or admin): not counted` };
  const head = facts.headSha.slice(0, 12);
  if (facts.headPushedAt === null) {
    return { approved: false, detail: `the head ${head} cannot be dated: no check suite on the pull request's branch shows when it was pushed, so ${label} (applied at ${applied.createdAt}) is not counted; approve with --approve <resource key>` };
  }
  if (!(Date.parse(applied.createdAt) >= Date.parse(facts.headPushedAt))) {
    return { approved: false, detail: `${label} was applied at ${applied.createdAt}, before the head ${head} was pushed (${facts.headPushedAt}, its first check suite): apply it again after reviewing the new commits` };
  }
  return { approved: true, detail: `approved by @${applied.actor} (${role}) with the label ${label} at ${applied.createdAt}` };
}
