import { describe, expect, it } from 'vitest';
import { buildCard, type Notification } from '../../../src/core/notify/card.js';
import { payloadBytes, preparePayload, TEAMS_MAX_BYTES, type TeamsMessage } from '../../../src/core/notify/payload.js';
import { adaptiveCardProblems } from '../../helpers/webhook-receiver.js';

const base: Notification = { status: 'Failed', fastTrack: false, bundle: 'sales', environment: 'prod', run: {} };
const textsOf = (payload: unknown) => (payload as TeamsMessage).attachments[0]!.content.body.flatMap((el) => (el.type === 'TextBlock' ? [el.text] : []));

describe('the payload size', () => {
  it('leaves a payload under 28 KB as it is', () => {
    const prepared = preparePayload({ ...base, message: 'short' }, 'message');
    expect(prepared.shortened).toEqual([]);
    expect(textsOf(prepared.payload)[1]).toBe('short');
    expect(prepared.bytes).toBe(payloadBytes(prepared.payload));
  });

  it('cuts a long message to fit 28 KB, with a note saying how much was left out', () => {
    const message = 'x'.repeat(100_000);
    const prepared = preparePayload({ ...base, message }, 'message');
    expect(prepared.shortened).toEqual(['message']);
    expect(prepared.bytes).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(Buffer.byteLength(JSON.stringify(prepared.payload))).toBeLessThanOrEqual(28 * 1024);
    const cut = textsOf(prepared.payload)[1]!;
    const kept = /^(x*) … \[(\d+) characters left out: Teams takes at most 28 KB\]$/.exec(cut);
    expect(kept).not.toBeNull();
    expect(kept![1]!.length + Number(kept![2])).toBe(100_000);
    // As much as fits is kept: close to the limit, not far under it.
    expect(prepared.bytes).toBeGreaterThan(TEAMS_MAX_BYTES - 100);
  });

  it('counts bytes, not characters, and never splits a character', () => {
    const message = '€😀'.repeat(20_000);
    const prepared = preparePayload({ ...base, message }, 'card');
    expect(prepared.bytes).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    const cut = (prepared.payload as ReturnType<typeof buildCard>).body[1] as { text: string };
    expect(cut.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cut.text.startsWith('€😀€😀')).toBe(true);
  });

  it('cuts the title too when the message alone cannot make room', () => {
    const prepared = preparePayload({ ...base, title: 'T'.repeat(40_000), message: 'M'.repeat(40_000) }, 'message');
    expect(prepared.shortened).toEqual(['message', 'title']);
    expect(prepared.bytes).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(textsOf(prepared.payload)[0]).toMatch(/^T+ … \[\d+ characters left out/);
  });

  it('still produces a card the adaptivecards library accepts', () => {
    const prepared = preparePayload({ ...base, message: 'line\n'.repeat(20_000) }, 'card');
    expect(adaptiveCardProblems(prepared.payload)).toEqual([]);
  });

  it('refuses, with exit 2, a notification whose fixed parts alone are over the limit', () => {
    expect(() => preparePayload({ ...base, environment: 'e'.repeat(30_000) }, 'message')).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('over Teams') }),
    );
  });
});
