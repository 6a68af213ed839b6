/**
 * Secret canaries in every encoding a secret takes (as it is, percent-encoded, JSON-escaped),
 * through the built binary: a Databricks token and a Teams webhook URL (its signature and its
 * path) must appear neither in what dataops prints, with --verbose and --json, nor in the card
 * that reaches the local Teams receiver, nor in Teams' own error text echoed back.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { filesLeaking, leakedIn } from '../../helpers/canaries.js';
import { adaptiveCardProblems, cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';

// A slash and a quote make the three encodings differ from the raw value and from each other.
const TOKEN = `dapi/${randomUUID().replace(/-/g, '')}"tok`;
const SIG = `sig/${randomUUID().replace(/-/g, '')}"end`;
const FLOW = randomUUID().replace(/-/g, '');

const leaked = (text: string): string[] => leakedIn(text, [TOKEN, SIG, FLOW]);

const receiver = new WebhookReceiver();
let webhookUrl: string;
let work: string;

beforeAll(async () => {
  const origin = await receiver.start();
  webhookUrl = `${origin}/workflows/${FLOW}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${encodeURIComponent(SIG)}`;
  work = mkdtempSync(path.join(os.tmpdir(), 'dataops-canary-'));
});
afterAll(async () => {
  await receiver.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => receiver.reset());

// The cache goes under `work` too, so that what dataops writes there is checked with the rest.
const env = () => ({ XDG_CACHE_HOME: path.join(work, 'cache'), DATABRICKS_TOKEN: TOKEN, DATABRICKS_HOST: 'http://127.0.0.1:9', DATAOPS_TEAMS_RETRY_BASE_MS: '10' });
const message = () => `token ${TOKEN}, percent-encoded ${encodeURIComponent(TOKEN)}, JSON-escaped ${JSON.stringify(TOKEN).slice(1, -1)}, and the hook ${webhookUrl}`;

describe('secret canaries in every encoding', () => {
  it('notify: nothing printed and nothing in the card Teams receives', async () => {
    const result = await dataopsAsync(['notify', '--status', 'Failed', '--message', message(), '--webhook-url', webhookUrl, '--verbose', '--json'], { cwd: work, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    const body = receiver.requests[0]?.body ?? '';
    expect(leaked(body)).toEqual([]);
    expect(body).toContain('***');
    expect(adaptiveCardProblems(cardOf(JSON.parse(body)))).toEqual([]);
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
  });

  it('notify: nothing in the error echoes when Teams refuses the card and quotes the URL back', async () => {
    receiver.replyWith({ status: 400, body: JSON.stringify({ error: { code: 'BadRequest', message: `bad card for ${webhookUrl} (sig ${SIG}, ${encodeURIComponent(SIG)})` } }) });
    const result = await dataopsAsync(['notify', '--status', 'Failed', '--message', message(), '--webhook-url', webhookUrl, '--verbose', '--json'], { cwd: work, env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('BadRequest');
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
  });

  it('notify --dry-run and the URL from the environment: the payload shown is the one that would be sent', async () => {
    const result = await dataopsAsync(['notify', '--status', 'Started', '--message', message(), '--dry-run', '--json'], { cwd: work, env: { ...env(), DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl } });
    expect(result.code, result.stderr).toBe(0);
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
    expect(receiver.requests).toEqual([]);
  });

  it('doctor: the token is seen, never shown', async () => {
    const result = await dataopsAsync(['doctor', '--verbose', '--json'], { cwd: work, env: { ...env(), DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl } });
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
  });

  it('nothing any of these runs wrote holds a secret', () => {
    expect(filesLeaking(work, [TOKEN, SIG, FLOW])).toEqual([]);
  });
});
