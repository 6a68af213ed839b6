import { CheckFailedError } from '../errors.js';
import { completeComment, failureComment, refusedComment, startComment } from './comments.js';
import type { PullFacts, ReleaseFacts } from './facts.js';
import { evaluateGates, isResume, refused, type GateResult } from './gates.js';

export type StepId = 'merge' | 'release-pr' | 'merge-release-pr' | 'release' | 'dispatch' | 'complete';

export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  merge: 'merge the pull request',
  'release-pr': 'open or update the release pull request',
  'merge-release-pr': 'merge the release pull request',
  release: 'tag and create the GitHub release',
  dispatch: 'start the production workflow',
  complete: 'report the release',
};

export type Reaction = 'eyes' | 'rocket' | '-1' | 'confused';

export interface ReleasedVersion {
  tag: string;
  url: string;
}

/** release-please's release pull request, as the fast track merges it. */
export interface ReleasePull {
  number: number;
  headSha: string;
  /** The squash commit's message. */
  title: string;
}

export interface StepProgress {
  succeed(text?: string): void;
  fail(text?: string): void;
}

/**
 * What the fast track does to the outside world (release-it style capabilities). Every
 * operation is safe to repeat after a partial failure: that is what makes a re-run resume.
 */
export interface ReleaseHost {
  comment(body: string): Promise<void>;
  react(content: Reaction): Promise<void>;
  /** Squash-merges pinned to the head SHA; returns the merge commit. */
  mergePull(pull: PullFacts): Promise<string>;
  /** The latest release, when its tag contains `sha`. */
  releaseContaining(sha: string): Promise<ReleasedVersion | null>;
  /** release-please opens or updates its pull request; null when none is open (nothing new, or merged and untagged). */
  openReleasePull(): Promise<ReleasePull | null>;
  mergeReleasePull(pull: ReleasePull): Promise<void>;
  /** release-please tags merged release pull requests; null when there was none to tag. */
  createRelease(): Promise<ReleasedVersion | null>;
  /** Starts the production workflow for the tag; returns the link to its run. */
  dispatchProduction(tag: string): Promise<string>;
  notifyFailure(step: string): Promise<void>;
  /** Shows the gates as soon as they are known, before any step. */
  gatesChecked(gates: readonly GateResult[]): void;
  begin(text: string): Promise<StepProgress>;
}

export interface FastTrackOptions {
  workflow: string;
  /** The ref the production workflow runs on. */
  ref: string;
  /** This run's page, for the Failure comment. */
  runUrl: string | undefined;
  dryRun: boolean;
}

export type FastTrackResult =
  | { outcome: 'refused' | 'already-complete'; gates: GateResult[] }
  | { outcome: 'dry-run'; gates: GateResult[]; plan: string[]; wouldRefuse: boolean }
  | { outcome: 'released'; gates: GateResult[]; resumed: boolean; mergeSha: string; tag: string; releaseUrl: string; productionUrl: string }
  | { outcome: 'failed'; gates: GateResult[]; step: StepId; error: unknown };

/** The steps still to do, in words, for --dry-run and the Start comment. */
function planSteps(facts: ReleaseFacts, options: Pick<FastTrackOptions, 'workflow' | 'ref'>): string[] {
  const pull = facts.pull;
  const merge = pull?.merged
    ? `#${pull.number} is already merged (${pull.mergeCommitSha?.slice(0, 7) ?? 'unknown commit'}): continue after it`
    : `squash-merge #${pull?.number ?? '?'} pinned to ${pull?.headSha.slice(0, 7) ?? '?'} as "${pull?.title ?? ''}"`;
  return [
    merge,
    'open or update the release pull request with release-please (skipped when a release already contains the merge)',
    'merge the release pull request, pinned to its head commit',
    'tag and create the GitHub release with release-please',
    `start ${options.workflow} on ${options.ref} with the tag (workflow_dispatch)`,
  ];
}

/**
 * The fast track: gates, then merge → release pull request → release → production, with the
 * Start, Complete and Failure comments. Nothing is written before every gate passes.
 */
export async function runFastTrack(facts: ReleaseFacts, options: FastTrackOptions, host: ReleaseHost): Promise<FastTrackResult> {
  const gates = evaluateGates(facts);
  host.gatesChecked(gates);
  const { trigger } = facts;
  const reasons = refused(gates);
  if (options.dryRun) return { outcome: 'dry-run', gates, plan: planSteps(facts, options), wouldRefuse: reasons.length > 0 };
  if (reasons.length > 0) {
    await host.comment(refusedComment(trigger.commentId, reasons));
    // A deleted comment takes no reaction (GitHub answers 404).
    if (facts.liveCommentBody !== null) await host.react('confused');
    return { outcome: 'refused', gates };
  }
  if (facts.completedBefore) return { outcome: 'already-complete', gates };

  const pull = facts.pull as PullFacts;
  await host.react('eyes');
  if (!facts.startedBefore) await host.comment(startComment(trigger.commentId, planSteps(facts, options)));

  let current: StepId = 'merge';
  const step = async <T>(id: StepId, work: () => Promise<T>): Promise<T> => {
    current = id;
    const progress = await host.begin(STEP_TITLES[id]);
    try {
      const value = await work();
      progress.succeed();
      return value;
    } catch (error) {
      progress.fail();
      throw error;
    }
  };

  try {
    const mergeSha = pull.merged && pull.mergeCommitSha ? pull.mergeCommitSha : await step('merge', () => host.mergePull(pull));
    current = 'release-pr';
    const release = (await host.releaseContaining(mergeSha)) ?? (await cutRelease(step, host, mergeSha));
    const productionUrl = await step('dispatch', () => host.dispatchProduction(release.tag));
    await step('complete', async () => {
      await host.comment(completeComment(trigger.commentId, { tag: release.tag, releaseUrl: release.url, productionUrl, workflow: options.workflow }));
      await host.react('rocket');
    });
    return { outcome: 'released', gates, resumed: isResume(facts), mergeSha, tag: release.tag, releaseUrl: release.url, productionUrl };
  } catch (error) {
    await reportFailure(host, trigger.commentId, { step: STEP_TITLES[current], error, runUrl: options.runUrl });
    return { outcome: 'failed', gates, step: current, error };
  }
}

type StepRunner = <T>(id: StepId, work: () => Promise<T>) => Promise<T>;

async function cutRelease(step: StepRunner, host: ReleaseHost, mergeSha: string): Promise<ReleasedVersion> {
  const releasePull = await step('release-pr', () => host.openReleasePull());
  if (releasePull) await step('merge-release-pr', () => host.mergeReleasePull(releasePull));
  return step('release', async () => {
    const release = (await host.createRelease()) ?? (await host.releaseContaining(mergeSha));
    if (release) return release;
    throw new CheckFailedError('release-please found nothing to release: no fix:, feat: or breaking change since the last release', {
      hint: 'the pull request is merged; its changes go out with the next release',
    });
  });
}

async function reportFailure(host: ReleaseHost, commentId: number, failure: { step: string; error: unknown; runUrl: string | undefined }): Promise<void> {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  // Each report is independent: a failed comment must not keep the reaction or Teams from trying.
  await Promise.allSettled([host.comment(failureComment(commentId, { step: failure.step, message, runUrl: failure.runUrl })), host.react('-1'), host.notifyFailure(failure.step)]);
}
