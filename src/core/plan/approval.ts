/**
 * Whether the approval label on a pull request counts: it must be on the pull request now,
 * have been put there by someone who may release (as `/release` judges its commenter), and
 * after the head commit, so a push after the approval needs a new one.
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
  /** When the head commit was committed (ISO time). */
  headCommittedAt: string;
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
  if (!(Date.parse(applied.createdAt) >= Date.parse(facts.headCommittedAt))) {
    return { approved: false, detail: `${label} was applied at ${applied.createdAt}, before the head commit ${facts.headSha.slice(0, 12)} (${facts.headCommittedAt}): apply it again after reviewing the new commits` };
  }
  return { approved: true, detail: `approved by @${applied.actor} (${role}) with the label ${label} at ${applied.createdAt}` };
}
