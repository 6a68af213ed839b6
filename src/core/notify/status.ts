import { UsageError } from '../errors.js';

export const NOTIFY_STATUSES = ['Failed', 'Succeeded', 'Started', 'Cancelled'] as const;
export type NotifyStatus = (typeof NOTIFY_STATUSES)[number];

/** Adaptive Card text colours (the card schema's `Colors` enum). */
export type CardColor = 'Attention' | 'Good' | 'Accent' | 'Warning';

export interface StatusLook {
  color: CardColor;
  /** Heading of a deployment notification (seed §7: "❌ Deployment Failed: $BUNDLE_NAME"). */
  heading: string;
  /** Heading and text of the ChatOps `/release` fast track (seed §1.3, "ChatOps Feedback Loop"). */
  fastTrack: { heading: string; text: string };
}

export const STATUS_LOOK: Readonly<Record<NotifyStatus, StatusLook>> = {
  Failed: {
    color: 'Attention',
    heading: '❌ Deployment Failed',
    fastTrack: { heading: '❌ Fast-Track Release Failed', text: 'I encountered an error... Please check GitHub Actions logs.' },
  },
  Succeeded: {
    color: 'Good',
    heading: '✅ Deployment Succeeded',
    fastTrack: {
      heading: '✅ Release Complete',
      text: 'The Release PR has been merged, and the Production deployment is underway.',
    },
  },
  Started: {
    color: 'Accent',
    heading: '🚀 Deployment Started',
    fastTrack: {
      heading: '🚀 Fast-Track Release Initialized',
      text: 'I’m merging this feature and triggering the production release now.',
    },
  },
  Cancelled: {
    color: 'Warning',
    heading: '⚠️ Deployment Cancelled',
    fastTrack: { heading: '⚠️ Fast-Track Release Cancelled', text: 'The release run was cancelled before it finished.' },
  },
};

// GitHub's `job.status` words, so a workflow can pass `--status ${{ job.status }}`.
const JOB_STATUS_WORDS: Readonly<Record<string, NotifyStatus>> = {
  failure: 'Failed',
  success: 'Succeeded',
  cancelled: 'Cancelled',
};

/** Reads a status case-insensitively; GitHub's failure/success/cancelled are accepted too. */
export function parseStatus(value: string): NotifyStatus {
  const word = value.trim().toLowerCase();
  const status = NOTIFY_STATUSES.find((s) => s.toLowerCase() === word) ?? JOB_STATUS_WORDS[word];
  if (status) return status;
  throw new UsageError(`--status "${value}" is not a notification status`, {
    hint: `use one of ${NOTIFY_STATUSES.join(', ')} (GitHub's job.status values failure, success, cancelled work too)`,
  });
}
