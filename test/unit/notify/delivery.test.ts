import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoff, parseRetryAfter, type RetryEvent } from '../../../src/adapters/http-retry.js';
import { deliverToTeams, teamsErrorText, teamsRetryPolicy } from '../../../src/adapters/teams.js';
import type { TeamsPayload } from '../../../src/core/notify/payload.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';

const receiver = new WebhookReceiver();
const TOKEN = `canary-${randomUUID()}`;
let url: string;
const payload = { type: 'message', attachments: [] } as unknown as TeamsPayload;
// Short waits keep the tests quick; the timing logic is the real one.
const FAST = { baseDelayMs: 20, maxDelayMs: 200 };

beforeAll(async () => {
  await receiver.start();
  url = receiver.url(`/workflows/${randomUUID()}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${TOKEN}`);
});
afterAll(() => receiver.stop());
beforeEach(() => receiver.reset());

async function failure(promise: Promise<unknown>): Promise<{ message: string; hint?: string; exitCode: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message: string; hint?: string; exitCode: number };
    expect(`${e.message} ${e.hint}`).not.toContain(TOKEN);
    return e;
  }
  throw new Error('expected the delivery to fail');
}

describe('delivery to a Teams webhook', () => {
  it('POSTs the JSON payload once and takes 202 as success', async () => {
    const delivery = await deliverToTeams(url, payload, { policy: FAST });
    expect(delivery).toEqual({ httpStatus: 202, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(receiver.payloads()).toEqual([payload]);
  });

  it('takes 200 as success too', async () => {
    receiver.fallback = { status: 200, body: '1' };
    expect(await deliverToTeams(url, payload, { policy: FAST })).toEqual({ httpStatus: 200, attempts: 1 });
  });

  it('retries 429 and 503 with growing waits, then succeeds', async () => {
    receiver.replyWith({ status: 429 }, { status: 503 }, { status: 503 });
    const retries: RetryEvent[] = [];
    const delivery = await deliverToTeams(url, payload, { policy: FAST, onRetry: (e) => retries.push(e) });
    expect(delivery).toEqual({ httpStatus: 202, attempts: 4 });
    expect(retries.map((r) => r.reason)).toEqual(['answer 429', 'answer 503', 'answer 503']);
    // Equal jitter: each wait lies within [step/2, step] of its doubling step.
    retries.forEach((r, i) => {
      const step = Math.min(FAST.maxDelayMs, FAST.baseDelayMs * 2 ** i);
      expect(r.delayMs).toBeGreaterThanOrEqual(step / 2);
      expect(r.delayMs).toBeLessThanOrEqual(step);
    });
  });

  it('waits as long as Retry-After asks before the next attempt', async () => {
    receiver.replyWith({ status: 429, headers: { 'retry-after': '1' } });
    const retries: RetryEvent[] = [];
    await deliverToTeams(url, payload, { policy: FAST, onRetry: (e) => retries.push(e) });
    expect(retries).toEqual([{ attempt: 1, reason: 'answer 429', delayMs: 1000 }]);
    const [first, second] = receiver.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After asks for more than the time budget', async () => {
    receiver.fallback = { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' };
    const error = await failure(deliverToTeams(url, payload, { policy: FAST }));
    expect(receiver.requests).toHaveLength(1);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('answered 429');
    expect(error.message).toBe('the Teams webhook answered 429 Too Many Requests after 1 attempt (Retry-After asks for 120 s, beyond the 60 s budget): slow down');
  });

  it('gives up after the attempt bound with exit 3, the last status and Teams\' text', async () => {
    receiver.fallback = { status: 503, body: '{"error":{"code":"ServiceUnavailable","message":"The service is busy."}}' };
    const error = await failure(deliverToTeams(url, payload, { policy: { ...FAST, attempts: 3 } }));
    expect(receiver.requests).toHaveLength(3);
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error.message).toBe('the Teams webhook answered 503 Service Unavailable after 3 attempts: ServiceUnavailable: The service is busy.');
  });

  it('stops retrying when the next attempt could not end within the time budget', async () => {
    receiver.fallback = { status: 503 };
    const error = await failure(deliverToTeams(url, payload, { policy: { baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 100, budgetMs: 300 } }));
    expect(receiver.requests.length).toBeGreaterThan(1);
    expect(receiver.requests.length).toBeLessThan(5);
    expect(error.message).toMatch(/^the Teams webhook answered 503 Service Unavailable after \d attempts \(the 300 ms budget is spent\)$/);
  });

  it('makes 5 attempts by default', async () => {
    receiver.fallback = { status: 500 };
    await failure(deliverToTeams(url, payload, { policy: FAST }));
    expect(receiver.requests).toHaveLength(5);
  });

  it('does not retry a 400, and shows the status and Teams\' error text', async () => {
    receiver.fallback = { status: 400, body: '{"error":{"code":"InvalidRequestContent","message":"The input body for trigger \'manual\' of type \'Request\' did not match its schema definition."}}' };
    const error = await failure(deliverToTeams(url, payload, { policy: FAST }));
    expect(receiver.requests).toHaveLength(1);
    expect(error.message).toMatch(/^the Teams webhook answered 400 Bad Request: InvalidRequestContent: The input body for trigger 'manual'/);
    expect(error.hint).toContain('--dry-run');
  });

  it('treats other 2xx and 3xx answers as errors, without following a redirect', async () => {
    receiver.fallback = { status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } };
    const error = await failure(deliverToTeams(url, payload, { policy: FAST }));
    expect(error.message).toContain('answered 302');
    expect(receiver.requests).toHaveLength(1);
  });

  it('times an attempt out, retries, and reports the timeout when no attempt gets an answer', async () => {
    receiver.fallback = 'hang';
    const error = await failure(deliverToTeams(url, payload, { policy: { ...FAST, attempts: 2, timeoutMs: 200 } }));
    expect(receiver.requests).toHaveLength(2);
    expect(error.message).toBe('the Teams webhook could not be reached after 2 attempts: no answer within 200 ms');
  });

  it('reports a refused connection by its code, never by the URL', async () => {
    const closed = new WebhookReceiver();
    const closedUrl = `${await closed.start()}/hook?sig=${TOKEN}`;
    await closed.stop();
    const error = await failure(deliverToTeams(closedUrl, payload, { policy: { ...FAST, attempts: 2 } }));
    expect(error.message).toBe('the Teams webhook could not be reached after 2 attempts: connection failed (ECONNREFUSED)');
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('doubles the backoff step up to its cap, half of it random', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((n) => backoff(n, policy, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((n) => backoff(n, policy, () => 1))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('takes the first backoff from DATAOPS_TEAMS_RETRY_BASE_MS, and refuses a value that is not a number', () => {
    expect(teamsRetryPolicy({ DATAOPS_TEAMS_RETRY_BASE_MS: '15' })).toEqual({ baseDelayMs: 15 });
    expect(teamsRetryPolicy({})).toEqual({});
    expect(() => teamsRetryPolicy({ DATAOPS_TEAMS_RETRY_BASE_MS: 'fast' })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe("Teams' error text", () => {
  it('is the message of a Workflows error, or the plain text, on one line and bounded', () => {
    expect(teamsErrorText('{"error":{"code":"X","message":"bad"}}')).toBe('X: bad');
    expect(teamsErrorText('Webhook message delivery failed\nwith error: 413')).toBe('Webhook message delivery failed with error: 413');
    expect(teamsErrorText('e'.repeat(2000))).toHaveLength(501);
  });
});
