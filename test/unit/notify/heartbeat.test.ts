import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookPacer } from '../../../src/adapters/teams.js';
import { buildHeartbeatCard, HEARTBEAT_TITLE } from '../../../src/core/notify/heartbeat.js';
import { waitBeforeNext } from '../../../src/core/notify/rate-limit.js';
import { runInProcess } from '../../helpers/in-process.js';
import { adaptiveCardProblems, cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';

const receiver = new WebhookReceiver();
const TOKEN = `canary-${randomUUID()}`;
let dir: string;
const hook = (name: string) => receiver.url(`/workflows/${name}/triggers/manual/paths/invoke?sig=${TOKEN}${name}`);

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runInProcess(['--cwd', dir, ...args], { DATAOPS_TEAMS_RETRY_BASE_MS: '5', ...env });
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
  return result;
}

beforeAll(async () => {
  await receiver.start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-heartbeat-'));
  writeFileSync(path.join(dir, 'databricks.yml'), 'bundle:\n  name: sales\n');
  writeFileSync(path.join(dir, 'dataops.yml'), 'notify:\n  teams:\n    channels:\n      prod-alerts: TEAMS_PROD_URL\n      data-team: TEAMS_DATA_URL\n');
});
afterAll(async () => {
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.reset());

describe('the heartbeat card', () => {
  it('is a valid Adaptive Card that says it is a test and why it comes', () => {
    const card = buildHeartbeatCard({ channel: 'prod-alerts', sentAt: '2026-12-01T06:17:00Z', bundle: 'sales', run: { repository: 'acme/sales', runUrl: 'https://github.com/acme/sales/actions/runs/1/attempts/1' } });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: HEARTBEAT_TITLE });
    expect(HEARTBEAT_TITLE).toMatch(/Heartbeat.*test.*no action needed/);
    expect(JSON.stringify(card.body)).toContain('does not switch the workflow off for being idle');
    expect(card.body[2]).toMatchObject({ facts: expect.arrayContaining([{ title: 'Channel', value: 'prod-alerts' }, { title: 'Sent at', value: '2026-12-01T06:17:00Z' }]) });
  });
});

describe('Teams’ rate limit of 4 requests a second per webhook', () => {
  it('lets four through, then waits for the oldest in the window to be a second old', () => {
    expect(waitBeforeNext([], 0)).toBe(0);
    expect(waitBeforeNext([0, 0, 0], 10)).toBe(0);
    expect(waitBeforeNext([0, 100, 200, 300], 400)).toBe(600);
    expect(waitBeforeNext([0, 100, 200, 300], 1_500)).toBe(0);
  });

  it('paces a burst to one webhook in call order, counting each from its answer, and another webhook apart', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new WebhookPacer(undefined, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    const order: string[] = [];
    // Each answer takes 100 ms of the fake clock.
    const send = (name: string) => async () => {
      clock += 100;
      order.push(name);
      return name;
    };
    const sent = await Promise.all([...'abcdef'].map((name) => pacer.paced('https://a', send(name))));
    expect(sent).toEqual([...'abcdef']);
    expect(order).toEqual([...'abcdef']);
    // Answers at 100..400; the fifth may go when the first answer is a second old (1100), its
    // answer comes at 1200, when the second answer (200) is a second old: the sixth goes at once.
    expect(waits).toEqual([700]);
    await pacer.paced('https://b', send('other'));
    expect(waits).toHaveLength(1);
    await expect(pacer.paced('https://a', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(pacer.paced('https://a', send('after a failure'))).resolves.toBe('after a failure');
  });
});

describe('dataops notify --test', () => {
  it('sends a heartbeat to the default channel and every channel of dataops.yml', async () => {
    const result = await cli(['notify', '--test', '--json'], { DATAOPS_TEAMS_WEBHOOK_URL: hook('main'), TEAMS_PROD_URL: hook('prod'), TEAMS_DATA_URL: hook('data') });
    expect(result.code).toBe(0);
    expect(receiver.requests.map((r) => r.url.split('/')[2])).toEqual(['main', 'prod', 'data']);
    for (const payload of receiver.payloads()) {
      expect(adaptiveCardProblems(cardOf(payload))).toEqual([]);
      expect(JSON.stringify(payload)).toContain(HEARTBEAT_TITLE);
    }
    expect(JSON.parse(result.stdout)).toEqual({
      heartbeat: [
        { channel: 'default', source: 'DATAOPS_TEAMS_WEBHOOK_URL', outcome: 'delivered', httpStatus: 202 },
        { channel: 'prod-alerts', source: 'TEAMS_PROD_URL (notify.teams.channels.prod-alerts in dataops.yml)', outcome: 'delivered', httpStatus: 202 },
        { channel: 'data-team', source: 'TEAMS_DATA_URL (notify.teams.channels.data-team in dataops.yml)', outcome: 'delivered', httpStatus: 202 },
      ],
    });
  });

  it('fails red (exit 3) when a webhook no longer answers, after trying the others', async () => {
    receiver.replyWith({ status: 404, body: '{"error":{"code":"WorkflowNotFound","message":"The workflow was not found."}}' });
    const result = await cli(['notify', '--test'], { TEAMS_PROD_URL: hook('prod'), TEAMS_DATA_URL: hook('data') });
    expect(result.code).toBe(3);
    expect(receiver.requests).toHaveLength(2);
    expect(result.stderr).toContain('the heartbeat did not reach 1 of 2 channels');
    expect(result.stderr).toContain('prod-alerts: the Teams webhook answered 404 Not Found: WorkflowNotFound: The workflow was not found.');
  });

  it('names a dead or unset channel before sending, sends to the rest and exits 2', async () => {
    const dead = `https://prod-7.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=${TOKEN}`;
    const result = await cli(['notify', '--test'], { DATAOPS_TEAMS_WEBHOOK_URL: dead, TEAMS_PROD_URL: hook('prod') });
    expect(result.code).toBe(2);
    expect(receiver.requests.map((r) => r.url.split('/')[2])).toEqual(['prod']);
    const warned = result.stderr.indexOf('channel default: the Teams webhook URL from DATAOPS_TEAMS_WEBHOOK_URL is a Workflows URL of the old form');
    expect(warned).toBeGreaterThanOrEqual(0);
    expect(result.stderr).toContain('stopped delivering on 2025-11-30');
    expect(result.stderr).toContain('channel data-team: TEAMS_DATA_URL is not set');
    expect(result.stderr.indexOf('Sending the notification to Teams')).toBeGreaterThan(warned);
  });

  it('refuses a run with no channel at all, and a status beside --test', async () => {
    rmSync(path.join(dir, 'dataops.yml'));
    try {
      expect((await cli(['notify', '--test'])).code).toBe(2);
    } finally {
      writeFileSync(path.join(dir, 'dataops.yml'), 'notify:\n  teams:\n    channels:\n      prod-alerts: TEAMS_PROD_URL\n      data-team: TEAMS_DATA_URL\n');
    }
    expect((await cli(['notify', '--test', '--status', 'Failed'], { DATAOPS_TEAMS_WEBHOOK_URL: hook('main') })).code).toBe(2);
    expect(receiver.requests).toHaveLength(0);
  });
});
