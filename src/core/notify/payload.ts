import { UsageError } from '../errors.js';
import { buildCard, type AdaptiveCard, type Notification } from './card.js';

/** Teams refuses webhook messages over 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

export const PAYLOAD_SHAPES = ['message', 'card'] as const;
export type PayloadShape = (typeof PAYLOAD_SHAPES)[number];

/** What a Teams Workflows webhook ("Send webhook alerts to a channel") expects. */
export interface TeamsMessage {
  type: 'message';
  attachments: Array<{ contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }>;
}

export type TeamsPayload = TeamsMessage | AdaptiveCard;

export interface PreparedPayload {
  payload: TeamsPayload;
  /** Size of the compact JSON that is sent. */
  bytes: number;
  /** Which texts were cut to stay within the limit. */
  shortened: Array<'message' | 'title'>;
}

export function wrapCard(card: AdaptiveCard, shape: PayloadShape): TeamsPayload {
  if (shape === 'card') return card;
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

export function payloadBytes(payload: TeamsPayload): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/**
 * Builds the payload and, when it is over the limit, cuts the message (then the title)
 * with a note saying so: a shortened notification still arrives, a rejected one does not.
 */
export function preparePayload(n: Notification, shape: PayloadShape, maxBytes = TEAMS_MAX_BYTES): PreparedPayload {
  const build = (current: Notification): TeamsPayload => wrapCard(buildCard(current), shape);
  let current = n;
  let payload = build(current);
  const shortened: PreparedPayload['shortened'] = [];
  for (const field of ['message', 'title'] as const) {
    if (payloadBytes(payload) <= maxBytes) break;
    const text = current[field];
    if (text === undefined) continue;
    const fitted = fitText(text, (candidate) => payloadBytes(build({ ...current, [field]: candidate })) <= maxBytes);
    current = { ...current, [field]: fitted };
    payload = build(current);
    shortened.push(field);
  }
  const bytes = payloadBytes(payload);
  if (bytes > maxBytes) {
    throw new UsageError(`the notification is ${bytes} bytes even with its message and title cut, over Teams' ${maxBytes}-byte limit`, {
      hint: 'shorten --env, --version or the bundle name',
    });
  }
  return { payload, bytes, shortened };
}

/** The longest start of `text` (whole code points) plus a note that still `fits`. */
function fitText(text: string, fits: (candidate: string) => boolean): string {
  const chars = Array.from(text);
  const cut = (keep: number): string => `${chars.slice(0, keep).join('')} … [${chars.length - keep} characters left out: Teams takes at most 28 KB]`;
  let low = 0;
  let high = chars.length - 1;
  if (!fits(cut(low))) return cut(low);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(cut(middle))) low = middle;
    else high = middle - 1;
  }
  return cut(low);
}
