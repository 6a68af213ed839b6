import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { dataopsAction } from '../../../src/core/init/values.js';
import { HEARTBEAT_TITLE } from '../../../src/core/notify/heartbeat.js';
import { BINARY, dataopsAsync, runAsync } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';
import { adaptiveCardProblems, cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';

/**
 * Every Teams webhook URL form, through the built binary, against a receiver on 127.0.0.1
 * that is also the HTTP proxy (Node's own NODE_USE_ENV_PROXY), so a URL on the real Teams
 * host reaches it. The dead forms must never get that far.
 */
const TOKEN = `canary${randomUUID().replace(/-/g, '')}`;
const receiver = new WebhookReceiver();
let work: string;
let proxyEnv: NodeJS.ProcessEnv;

const FORMS = {
  powerPlatform: `http://prod-01.westeurope.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/${randomUUID().replace(/-/g, '')}/triggers/manual/paths/invoke?api-version=1&sig=${TOKEN}`,
  logicApps: `http://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${TOKEN}`,
  connector: `http://contoso.webhook.office.com/webhookb2/${TOKEN}/IncomingWebhook/x/y`,
};

beforeAll(async () => {
  await receiver.start();
  work = mkdtempSync(path.join(os.tmpdir(), 'dataops-webhook-forms-'));
  writeFileSync(path.join(work, 'databricks.yml'), 'bundle:\n  name: sales\n');
  proxyEnv = { NODE_USE_ENV_PROXY: '1', HTTP_PROXY: receiver.proxyUrl, NO_PROXY: '', DATAOPS_TEAMS_RETRY_BASE_MS: '10' };
});
afterAll(async () => {
  await receiver.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => receiver.reset());

const notify = (url: string, extra: string[] = []) => dataopsAsync(['notify', '--status', 'Failed', ...extra], { cwd: work, env: { ...proxyEnv, DATAOPS_TEAMS_WEBHOOK_URL: url } });

describe('Teams webhook URL forms, end to end', () => {
  it('sends to a current Workflows URL (*.environment.api.powerplatform.com)', async () => {
    const result = await notify(FORMS.powerPlatform, ['--verbose']);
    expect(result.stderr).toContain('Teams accepted the notification (HTTP 202');
    expect(result.code).toBe(0);
    expect(receiver.tunnelled).toEqual(['prod-01.westeurope.environment.api.powerplatform.com:80']);
    expect(receiver.requests[0]?.headers.host).toBe('prod-01.westeurope.environment.api.powerplatform.com');
    expect(adaptiveCardProblems(cardOf(receiver.payloads()[0]))).toEqual([]);
    expect(result.stderr).toContain('a 202 from a Workflows webhook means the flow took the request, not that the card is in the channel');
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });

  it.each([
    ['the old Workflows form (*.logic.azure.com)', FORMS.logicApps, '2025-11-30'],
    ['an Office 365 connector (*.webhook.office.com)', FORMS.connector, '2025-12-31'],
  ])('refuses %s before anything is sent: exit 2, the date and the fix', async (_name, url, since) => {
    const result = await notify(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`stopped delivering on ${since}: nothing was sent`);
    expect(result.stderr).toContain('Send webhook alerts to a channel');
    expect(receiver.tunnelled).toEqual([]);
    expect(receiver.requests).toEqual([]);
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });
});

describe('the blueprint heartbeat workflow', () => {
  const file = '.github/workflows/heartbeat.yml';
  const text = (BLUEPRINT_TEMPLATES[file] ?? '').replace(/__DATAOPS_RELEASE__/g, '0.1.0').replace(/__DATAOPS_ACTION__/g, dataopsAction('0.1.0'));
  interface Step {
    run?: string;
    uses?: string;
    'continue-on-error'?: unknown;
  }
  const workflow = parse(text) as { on: { schedule: Array<{ cron: string }> }; jobs: Record<string, { steps: Step[]; 'continue-on-error'?: unknown; env: Record<string, string> }> };
  const job = Object.values(workflow.jobs)[0];
  const sendStep = job?.steps.find((s) => s.run?.includes('dataops notify --test'));

  it('passes the real actionlint and runs monthly, with nothing that would turn a failure green', async () => {
    const dir = path.join(work, 'lint', '.github', 'workflows');
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(work, 'lint', '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'heartbeat.yml'), text);
    const lint = await runAsync(tool('actionlint'), ['-no-color'], { cwd: path.join(work, 'lint') });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['23 6 1 * *']);
    expect(sendStep).toBeDefined();
    expect(job?.env.DATAOPS_TEAMS_WEBHOOK_URL).toBe('${{ secrets.TEAMS_WEBHOOK_URL }}');
    expect([job?.['continue-on-error'], sendStep?.['continue-on-error']]).toEqual([undefined, undefined]);
  });

  // The step's own script, run by bash -e as the runner does, with the built binary as `dataops`.
  async function runStep(env: NodeJS.ProcessEnv) {
    const bin = path.join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    rmSync(path.join(bin, 'dataops'), { force: true });
    symlinkSync(BINARY, path.join(bin, 'dataops'));
    return runAsync('bash', ['-e', '-c', sendStep?.run ?? 'false'], { cwd: work, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: work, ...proxyEnv, ...env } });
  }

  it('sends the marked heartbeat, several channels on one webhook paced to 4 a second', async () => {
    const channels = ['a', 'b', 'c', 'd', 'e', 'f'];
    writeFileSync(path.join(work, 'dataops.yml'), `notify:\n  teams:\n    channels:\n${channels.map((c) => `      ${c}: TEAMS_${c.toUpperCase()}`).join('\n')}\n`);
    try {
      const result = await runStep(Object.fromEntries(channels.map((c) => [`TEAMS_${c.toUpperCase()}`, FORMS.powerPlatform])));
      expect(result.stderr).not.toContain('error');
      expect(result.code).toBe(0);
    } finally {
      rmSync(path.join(work, 'dataops.yml'));
    }
    expect(receiver.requests).toHaveLength(6);
    expect(receiver.payloads().every((p) => JSON.stringify(p).includes(HEARTBEAT_TITLE))).toBe(true);
    // A fifth request to the same webhook arrives no sooner than a second after the first.
    const at = receiver.requests.map((r) => r.at);
    expect((at[4] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((at[5] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('fails red when the webhook no longer answers', async () => {
    receiver.fallback = { status: 404, body: '{"error":{"code":"WorkflowNotFound","message":"The workflow was not found."}}' };
    const result = await runStep({ DATAOPS_TEAMS_WEBHOOK_URL: FORMS.powerPlatform });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the heartbeat did not reach 1 of 1 channel');
    expect(result.stderr).toContain('WorkflowNotFound');
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });
});
