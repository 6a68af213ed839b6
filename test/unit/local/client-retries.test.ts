import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { Transport, WorkspaceApiError } from '../../../src/adapters/workspace/transport.js';
import { startHarness, type Harness } from './harness.js';

/** A repeatable random sequence, so the injected faults fall on the same calls every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the workspace client against injected faults (--fail-rate)', () => {
  it('retries 429 and 503 until the calls succeed, waiting as Retry-After says', async () => {
    h = await startHarness({ faults: { failRate: 0.4, retryAfterSeconds: 2, random: seeded(7) } });
    const waits: number[] = [];
    const ws = h.client('developer', { sleep: async (ms) => void waits.push(ms), retry: { maxAttempts: 10 } });
    for (let i = 0; i < 15; i++) await ws.jobs.create({ name: `job-${i}` });
    expect(await collect(ws.jobs.list())).toHaveLength(15);

    const throttled = h.requests.filter((line) => line.endsWith(' 429')).length;
    const unavailable = h.requests.filter((line) => line.endsWith(' 503')).length;
    expect(throttled).toBeGreaterThan(0);
    expect(unavailable).toBeGreaterThan(0);
    expect(waits).toHaveLength(throttled + unavailable);
    expect(waits.filter((ms) => ms === 2000)).toHaveLength(throttled);
  });

  it('gives up after its attempts with an error that names the call and the answer but never the token', async () => {
    h = await startHarness({ faults: { failRate: 1, random: seeded(1) } });
    const ws = h.client('developer', { retry: { maxAttempts: 3 } });
    const error = await ws.jobs.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceApiError);
    const failure = error as WorkspaceApiError;
    expect(failure.exitCode).toBe(3);
    expect(failure.message).toMatch(/^GET \/api\/2\.2\/jobs\/get failed: HTTP (429 REQUEST_LIMIT_EXCEEDED|503 TEMPORARILY_UNAVAILABLE): .* \(after 3 attempts\)$/);
    expect(`${failure.message} ${failure.hint}`).not.toContain(h.workspace.identities.developer.token);
    expect(h.requests).toHaveLength(3);
  });

  it('does not repeat a POST that got a 500, but repeats a GET', async () => {
    const calls: string[] = [];
    const answers = [500, 500, 200];
    const transport = new Transport({
      host: 'http://127.0.0.1:9',
      authorization: () => Promise.resolve('Bearer x'),
      sleep: () => Promise.resolve(),
      fetch: (async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${new URL(url).pathname}`);
        const status = answers.shift() ?? 200;
        return new Response(status === 200 ? '{}' : '{"error_code":"INTERNAL_ERROR","message":"boom"}', { status });
      }) as typeof fetch,
    });
    expect(await transport.json('POST', '/api/2.2/jobs/create').catch((e: unknown) => (e as Error).message)).toBe(
      'POST /api/2.2/jobs/create failed: HTTP 500 INTERNAL_ERROR: boom',
    );
    expect(await transport.json('GET', '/api/2.2/jobs/list')).toEqual({});
    expect(calls).toEqual(['POST /api/2.2/jobs/create', 'GET /api/2.2/jobs/list', 'GET /api/2.2/jobs/list']);
  });

  it('delays every call by --latency and still answers', async () => {
    h = await startHarness({ faults: { latencyMs: 30 } });
    expect((await h.client().identity.me()).userName).toBe('developer@dataops.local');
  });
});
