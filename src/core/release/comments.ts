import { STATUS_LOOK, type NotifyStatus } from '../notify/status.js';
import type { GateResult } from './gates.js';

/**
 * The feedback comments of the fast track. The first paragraph of Start, Complete and
 * Failure is the seed's text word for word (design doc §1.3), the same words the Teams
 * card uses; hidden markers let a re-run find what an earlier run already said.
 */
export type CommentKind = 'start' | 'complete' | 'failure' | 'refused';

function markerOf(kind: CommentKind, triggerCommentId: number): string {
  return `<!-- dataops:release ${kind} comment=${triggerCommentId} -->`;
}

/**
 * True when `body` is a comment of this kind (for any trigger comment when none is given):
 * its last line is the marker. The caller checks who wrote it: only the fast track's own
 * comments count, never a marker someone else typed.
 */
export function isMarkedComment(body: string, kind: CommentKind, triggerCommentId?: number): boolean {
  const last = body.trimEnd().split('\n').at(-1) ?? '';
  if (triggerCommentId !== undefined) return last === markerOf(kind, triggerCommentId);
  return new RegExp(`^<!-- dataops:release ${kind} comment=\\d+ -->$`).test(last);
}

/** "🚀 Fast-Track Release Initialized. I’m merging this feature and triggering the production release now." */
export function seedText(status: Extract<NotifyStatus, 'Started' | 'Succeeded' | 'Failed'>): string {
  const { heading, text } = STATUS_LOOK[status].fastTrack;
  return `${heading}. ${text}`;
}

export function startComment(triggerCommentId: number, plan: readonly string[]): string {
  return [seedText('Started'), '', ...plan.map((step) => `- ${step}`), '', markerOf('start', triggerCommentId)].join('\n');
}

export interface CompletedRelease {
  tag: string;
  releaseUrl: string;
  productionUrl: string;
  workflow: string;
}

export function completeComment(triggerCommentId: number, release: CompletedRelease): string {
  return [
    seedText('Succeeded'),
    '',
    `- Release: [${release.tag}](${release.releaseUrl})`,
    `- Production: [${release.workflow}](${release.productionUrl})`,
    '',
    markerOf('complete', triggerCommentId),
  ].join('\n');
}

export function failureComment(triggerCommentId: number, failure: { step: string; message: string; runUrl: string | undefined }): string {
  return [
    seedText('Failed'),
    '',
    `- Failed step: **${failure.step}**`,
    `- Error: ${oneLine(failure.message)}`,
    failure.runUrl ? `- Run: ${failure.runUrl}` : '- Run: see the ChatOps workflow in the Actions tab',
    '',
    'Fix the cause, then comment `/release` again (or re-run the workflow): the fast track continues where it stopped.',
    '',
    markerOf('failure', triggerCommentId),
  ].join('\n');
}

export function refusedComment(triggerCommentId: number, reasons: readonly GateResult[]): string {
  return [
    '🚫 Fast-Track Release Refused. Nothing was merged, tagged or deployed:',
    '',
    ...reasons.map((gate) => `- **${gate.title}**: ${gate.detail}`),
    '',
    markerOf('refused', triggerCommentId),
  ].join('\n');
}

/** Markdown list items must stay on one line; an error's stack or JSON must not break the comment. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 497)}...` : flat;
}
