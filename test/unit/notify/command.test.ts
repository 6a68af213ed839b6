import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import notify from '../../../src/cli/commands/notify.js';
import { notifyIfConfigured } from '../../../src/cli/notify-wiring.js';
import { Project } from '../../../src/adapters/project.js';
import { Output } from '../../../src/ui/output.js';
import { Capture, runInProcess } from '../../helpers/in-process.js';
import { adaptiveCardProblems, cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';

const receiver = new WebhookReceiver();
const TOKEN = `canary-${randomUUID()}`;
let url: string;
let dir: string;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runInProcess(['--cwd', dir, ...args], { DATAOPS_TEAMS_RETRY_BASE_MS: '5', ...env });
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
  return result;
}

beforeAll(async () => {
  await receiver.start();
  url = receiver.url(`/workflows/${randomUUID()}/triggers/manual/paths/invoke?sig=${TOKEN}`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-notify-cli-'));
  writeFileSync(path.join(dir, 'databricks.yml'), 'bundle:\n  name: sales\n');
  writeFileSync(path.join(dir, '.release-please-manifest.json'), '{".": "1.2.0"}');
});
afterAll(async () => {
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.reset());

describe('dataops notify', () => {
  it('sends a card with the bundle name and version read from the project', async () => {
    const result = await cli(['notify', '--status', 'Failed', '--env', 'staging', '--webhook-url', url]);
    expect(result.code).toBe(0);
    const card = cardOf(receiver.payloads()[0]);
    expect(JSON.stringify(card)).toContain('❌ Deployment Failed: sales');
    expect(card).toMatchObject({ body: expect.arrayContaining([{ type: 'FactSet', facts: expect.arrayContaining([{ title: 'Version', value: '1.2.0' }, { title: 'Environment', value: 'staging' }]) }]) });
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  // yargs prints --version and --help with console.log, so `dataops --version` is checked end to end.
  it('takes --version as the bundle version', async () => {
    expect((await cli(['notify', '--status', 'Succeeded', '--version', 'v3.1.4', '--webhook-url', url])).code).toBe(0);
    expect(JSON.stringify(receiver.payloads()[0])).toContain('{"title":"Version","value":"3.1.4"}');
  });

  it('exits 2 without a webhook URL, and for a bad status, shape or version', async () => {
    expect((await cli(['notify', '--status', 'Failed'])).code).toBe(2);
    expect((await cli(['notify', '--status', 'Exploded', '--webhook-url', url])).code).toBe(2);
    expect((await cli(['notify', '--status', 'Failed', '--shape', 'poster', '--webhook-url', url])).code).toBe(2);
    expect((await cli(['notify', '--status', 'Failed', '--version', 'latest', '--webhook-url', url])).code).toBe(2);
    expect((await cli(['notify', '--webhook-url', url])).code).toBe(2);
    expect(receiver.requests).toHaveLength(0);
  });

  it('exits 3 when Teams keeps failing, naming the status', async () => {
    receiver.fallback = { status: 502, body: 'Bad Gateway from upstream' };
    const result = await cli(['notify', '--status', 'Failed', '--webhook-url', url, '--json']);
    expect(result.code).toBe(3);
    expect(receiver.requests).toHaveLength(5);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 3, message: expect.stringContaining('answered 502 Bad Gateway after 5 attempts: Bad Gateway from upstream') } });
  });

  it('reports the delivery as JSON with --json', async () => {
    const result = await cli(['notify', '--status', 'Started', '--json', '--shape', 'card'], { DATAOPS_TEAMS_WEBHOOK_URL: url });
    expect(JSON.parse(result.stdout)).toEqual({ delivered: true, status: 'Started', shape: 'card', httpStatus: 202, attempts: 1, bytes: expect.any(Number), shortened: [] });
    expect(receiver.payloads()[0]).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  });

  it('prints the payload and sends nothing with --dry-run, even without a webhook URL', async () => {
    const result = await cli(['notify', '--status', 'Cancelled', '--dry-run', '--message', 'stopped by hand']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    expect(receiver.requests).toHaveLength(0);
  });

  it('finds the URL through notify.teams.webhook_url_env of dataops.yml', async () => {
    writeFileSync(path.join(dir, 'dataops.yml'), 'notify:\n  teams:\n    webhook_url_env: MY_TEAMS_URL\n');
    try {
      expect((await cli(['notify', '--status', 'Failed', '--verbose'], { MY_TEAMS_URL: url })).code).toBe(0);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      rmSync(path.join(dir, 'dataops.yml'));
    }
  });

  it('refuses a dead webhook URL before sending, with the day it stopped and the fix; a dry run only warns', async () => {
    const connector = `https://contoso.webhook.office.com/webhookb2/x/IncomingWebhook/y/${TOKEN}`;
    const dry = await cli(['notify', '--status', 'Failed', '--dry-run', '--webhook-url', connector]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/Office 365 connector URL.*stopped delivering on 2025-12-31.*Send webhook alerts to a channel/s);
    const oldWorkflows = `https://prod-12.westeurope.logic.azure.com/workflows/a/triggers/manual/paths/invoke?sig=${TOKEN}`;
    const refused = await cli(['notify', '--status', 'Failed', '--json'], { DATAOPS_TEAMS_WEBHOOK_URL: oldWorkflows });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      error: { message: expect.stringContaining('old form (*.logic.azure.com), which stopped delivering on 2025-11-30: nothing was sent'), hint: expect.stringContaining('powerplatform.com') },
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it('says with --verbose that 202 is acceptance, and what fails after it', async () => {
    const result = await cli(['notify', '--status', 'Failed', '--verbose', '--webhook-url', url]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not that the card is in the channel');
    expect(result.stderr).toContain('BotNotInConversationRoster');
    expect(result.stderr).toContain('when that person leaves');
    expect((await cli(['notify', '--status', 'Failed', '--webhook-url', url])).stderr).not.toContain('BotNotInConversationRoster');
  });

  it('has an example', () => {
    expect(notify.examples.length).toBeGreaterThan(0);
  });
});

describe('notifyIfConfigured, for deploy and release', () => {
  function context(env: NodeJS.ProcessEnv) {
    const stderr = new Capture();
    const out = new Output({ json: false, verbose: true, color: false, env, stdout: new Capture(), stderr });
    const all = { DATAOPS_TEAMS_RETRY_BASE_MS: '5', ...env };
    return { ctx: { out, cwd: dir, env: all, project: new Project(dir, all) }, stderr };
  }

  it('does nothing when no webhook is configured', async () => {
    const { ctx } = context({});
    expect(await notifyIfConfigured(ctx, { status: 'Failed' })).toBe(false);
    expect(receiver.requests).toHaveLength(0);
  });

  it('sends when DATAOPS_TEAMS_WEBHOOK_URL is set', async () => {
    const { ctx } = context({ DATAOPS_TEAMS_WEBHOOK_URL: url });
    expect(await notifyIfConfigured(ctx, { status: 'Succeeded', environment: 'prod', fastTrack: true })).toBe(true);
    expect(JSON.stringify(receiver.payloads()[0])).toContain('✅ Release Complete: sales');
  });

  it('never throws: a failed delivery or a broken setting becomes a warning', async () => {
    receiver.fallback = { status: 500 };
    const { ctx, stderr } = context({ DATAOPS_TEAMS_WEBHOOK_URL: url });
    await expect(notifyIfConfigured(ctx, { status: 'Failed' })).resolves.toBe(false);
    writeFileSync(path.join(dir, 'dataops.yml'), 'notify: [\n');
    // Another run: a project reads dataops.yml once per run.
    const broken = context({ DATAOPS_TEAMS_WEBHOOK_URL: url });
    try {
      await expect(notifyIfConfigured(broken.ctx, { status: 'Failed' })).resolves.toBe(false);
    } finally {
      rmSync(path.join(dir, 'dataops.yml'));
    }
    expect(stderr.text).toContain('the Teams notification was not sent: the Teams webhook answered 500');
    expect(broken.stderr.text).toContain('the Teams notification was not sent: dataops.yml is not valid YAML');
    expect(stderr.text + broken.stderr.text).not.toContain(TOKEN);
  });

  it('warns instead of sending to a dead webhook URL, leaving the command alone', async () => {
    const { ctx, stderr } = context({ DATAOPS_TEAMS_WEBHOOK_URL: `https://prod-1.northeurope.logic.azure.com/workflows/a?sig=${TOKEN}` });
    await expect(notifyIfConfigured(ctx, { status: 'Failed' })).resolves.toBe(false);
    expect(stderr.text).toContain('the Teams notification was not sent: the Teams webhook URL from DATAOPS_TEAMS_WEBHOOK_URL is a Workflows URL of the old form');
    expect(stderr.text).not.toContain(TOKEN);
  });
});
