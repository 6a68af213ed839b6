import type { ReleaseTrigger } from './trigger.js';

/** The pull request the comment is on, as GitHub reports it when the release runs. */
export interface PullFacts {
  number: number;
  title: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  /** Null while GitHub is still computing it. */
  mergeable: boolean | null;
  baseRef: string;
  headSha: string;
  /** `owner/repo` of the head branch; null when the fork was deleted. */
  headRepository: string | null;
  /**
   * When the head was pushed to the pull request's branch: the earliest `created_at` of its
   * check suites there. GitHub sets it on push; a committer cannot backdate it as they can a
   * git date. Null when no check suite dates the head.
   */
  headPushedAt: string | null;
}

export interface CheckRunFact {
  name: string;
  status: string;
  conclusion: string | null;
}

export interface StatusFact {
  context: string;
  state: string;
}

/** Everything the gates look at, read from GitHub and dataops.yml before anything is written. */
export interface ReleaseFacts {
  trigger: ReleaseTrigger;
  repository: string;
  defaultBranch: string;
  /** The comment's body now; null when it was deleted. */
  liveCommentBody: string | null;
  /** Null when the issue is not a pull request. */
  pull: PullFacts | null;
  /** REST `permission` (admin, write, read, none) and the finer `role_name` (maintain, triage…). */
  permission: { permission: string; role: string | undefined };
  checkRuns: readonly CheckRunFact[];
  statuses: readonly StatusFact[];
  /** Why release-please cannot run on the default branch (a missing config file); null when it can. */
  releaseConfigProblem: string | null;
  /** A fast track already started on this pull request (its Start comment is there, written by the fast track's own account). */
  startedBefore: boolean;
  /** A fast track for this very comment already completed (its Complete comment is there). */
  completedBefore: boolean;
  /** `release.allow_forks` of dataops.yml. */
  allowForks: boolean;
  /** `release.bots` of dataops.yml: the bot accounts that may ask. */
  allowedBots: readonly string[];
  /** `release.required_checks` of dataops.yml. */
  requiredChecks: readonly string[];
}
