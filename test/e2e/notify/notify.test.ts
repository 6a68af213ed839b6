import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BINARY, cleanEnv, ROOT, type RunResult } from '../../helpers/binary.js';
import { adaptiveCardProblems, cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';

// The secret canary: a URL and token unique to this run, that no output, log or file may contain.
const TOKEN = `canary${randomUUID().replace(/-/g, '')}`;
const receiver = new WebhookReceiver();
let webhookUrl: string;
let work: string;
let project: string;
const transcripts: string[] = [];
// Workflow command values escape %, so `%2F` in the URL arrives as `%252F`; the runner undoes it.
const masked = (value: string) => `::add-mask::${value.replace(/%/g, '%25')}`;

/**
 * Runs the built binary without blocking this process: the webhook receiver lives here and
 * must answer while the binary waits (test/helpers/binary.ts' dataops() is synchronous).
 */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run npm run build first`);
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, args, { cwd: project, env: { ...cleanEnv(process.env), DATAOPS_TEAMS_RETRY_BASE_MS: '10', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      transcripts.push(stdout + stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Lines holding the canary other than GitHub's own masking command. */
function leaks(text: string): string[] {
  return text.split('\n').filter((line) => line.includes(TOKEN) && !line.startsWith('::add-mask::'));
}

function actionsEnv(event: object): NodeJS.ProcessEnv {
  const eventPath = path.join(work, `event-${randomUUID()}.json`);
  writeFileSync(eventPath, JSON.stringify(event));
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/sales-bundle',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: 'f00dfeedcafe0123456789abcdef0123456789ab',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'Fast-Track Release',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
    GITHUB_OUTPUT: path.join(work, 'output.txt'),
  };
}

beforeAll(async () => {
  await receiver.start();
  webhookUrl = receiver.url(`/workflows/${TOKEN}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${TOKEN}`);
  work = mkdtempSync(path.join(os.tmpdir(), 'dataops-notify-e2e-'));
  project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'databricks.yml'), 'bundle:\n  name: sales_bundle\n');
  spawnSync('git', ['init', '-q'], { cwd: project });
  spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', 'feat: x'], { cwd: project });
  spawnSync('git', ['tag', 'v0.9.0'], { cwd: project });
});

afterAll(async () => {
  await receiver.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => receiver.reset());

describe('dataops notify (built binary)', () => {
  it('sends the Teams message of a GitHub Actions run with its context, and masks the URL', async () => {
    const event = { issue: { html_url: 'https://github.com/acme/sales-bundle/pull/17', pull_request: { html_url: 'https://github.com/acme/sales-bundle/pull/17' } } };
    const result = await run(['notify', '--status', 'Failed', '--env', 'prod', '--fast-track'], { ...actionsEnv(event), DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')).toContain(masked(webhookUrl));
    expect(receiver.requests).toHaveLength(1);
    const [payload] = receiver.payloads();
    expect(payload).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    const card = cardOf(payload);
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: '❌ Fast-Track Release Failed: sales_bundle', color: 'Attention' },
        { type: 'TextBlock', text: 'I encountered an error... Please check GitHub Actions logs.' },
        {
          type: 'FactSet',
          facts: [
            { title: 'Bundle', value: 'sales_bundle' },
            { title: 'Environment', value: 'prod' },
            { title: 'Version', value: '0.9.0' },
            { title: 'Status', value: 'Failed' },
            { title: 'Repository', value: 'acme/sales-bundle' },
            { title: 'Ref', value: 'main' },
            { title: 'Commit', value: 'f00dfee' },
            { title: 'Actor', value: 'octocat' },
            { title: 'Workflow', value: 'Fast-Track Release' },
          ],
        },
      ],
      actions: [
        { type: 'Action.OpenUrl', title: 'View run', url: 'https://github.com/acme/sales-bundle/actions/runs/4242/attempts/2' },
        { type: 'Action.OpenUrl', title: 'View pull request', url: 'https://github.com/acme/sales-bundle/pull/17' },
      ],
    });
  });

  it('sends the bare card with --shape card, and masks a URL given on the command line', async () => {
    const result = await run(['notify', '--status', 'success', '--version', '2.0.0', '--shape', 'card', '--webhook-url', webhookUrl], actionsEnv({}));
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')).toEqual(expect.arrayContaining([masked(webhookUrl), masked(TOKEN)]));
    const card = receiver.payloads()[0];
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect((card as { body: unknown[] }).body[0]).toMatchObject({ text: '✅ Deployment Succeeded: sales_bundle', color: 'Good' });
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('retries after 429 with Retry-After and after 503, then delivers', async () => {
    receiver.replyWith({ status: 429, headers: { 'retry-after': '1' } }, { status: 503 });
    const result = await run(['notify', '--status', 'Started', '--webhook-url', webhookUrl]);
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    expect(result.stderr).toContain('Teams webhook: answer 429 on attempt 1; trying again in 1.0 s');
    expect(result.stderr).toContain('Teams webhook: answer 503 on attempt 2');
    expect(result.stderr).toContain('Teams accepted the notification (HTTP 202, 3 attempts)');
  });

  it('exits 3 after 5 attempts, with the status and Teams\' text, and no trace of the URL even with --verbose', async () => {
    receiver.fallback = { status: 503, body: `{"error":{"code":"Busy","message":"try later"}}` };
    const result = await run(['notify', '--status', 'Failed', '--verbose', '--webhook-url', webhookUrl]);
    expect(result.code).toBe(3);
    expect(receiver.requests).toHaveLength(5);
    expect(result.stderr).toContain('the Teams webhook answered 503 Service Unavailable after 5 attempts: Busy: try later');
  });

  it('does not retry a 400', async () => {
    receiver.fallback = { status: 400, body: 'Bad payload' };
    const result = await run(['notify', '--status', 'Failed', '--json'], { DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl });
    expect(result.code).toBe(3);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 3, message: 'the Teams webhook answered 400 Bad Request: Bad payload' } });
  });

  it('prints the payload with --dry-run and sends nothing', async () => {
    const result = await run(['notify', '--status', 'Cancelled', '--dry-run'], { DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl });
    expect(result.code).toBe(0);
    expect(adaptiveCardProblems(cardOf(JSON.parse(result.stdout)))).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('shortens a message over 28 KB with a note instead of having Teams reject it', async () => {
    const result = await run(['notify', '--status', 'Failed', '--message', 'log line\n'.repeat(10_000)], { DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("over Teams' 28 KB limit");
    expect(Buffer.byteLength(receiver.requests[0]!.body)).toBeLessThanOrEqual(28 * 1024);
    expect(receiver.requests[0]!.body).toContain('characters left out: Teams takes at most 28 KB');
  });

  it('exits 2 for a missing status or webhook URL, saying how to configure one', async () => {
    expect((await run(['notify'], { DATAOPS_TEAMS_WEBHOOK_URL: webhookUrl })).code).toBe(2);
    const missing = await run(['notify', '--status', 'Failed']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('DATAOPS_TEAMS_WEBHOOK_URL');
    expect(receiver.requests).toHaveLength(0);
  });

  it('warns about a retired Office 365 connector URL and how to create a Workflows one', async () => {
    const legacy = `https://contoso.webhook.office.com/webhookb2/${TOKEN}/IncomingWebhook/${TOKEN}`;
    const result = await run(['notify', '--status', 'Failed', '--dry-run', '--webhook-url', legacy]);
    expect(result.stderr).toMatch(/Office 365 connector URL.*stopped delivering on 2025-12-31.*Workflows/s);
    expect(result.stderr).not.toContain('webhookb2');
  });

  it('keeps dataops --version for the package version and notify --version for the bundle', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const dry = await run(['notify', '--status', 'Failed', '--version', '7.7.7', '--dry-run']);
    expect(dry.stdout).toContain('"value": "7.7.7"');
    expect((await run(['notify', '--help'])).stdout).toMatch(/--version\s+Bundle version/);
  });

  it('leaves the canary in no output and no file', () => {
    expect(transcripts.length).toBeGreaterThan(5);
    expect(transcripts.flatMap(leaks)).toEqual([]);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(file).isDirectory() ? files(file) : [file];
      });
    const written = files(work).filter((file) => readFileSync(file).includes(TOKEN));
    expect(written).toEqual([]);
  });
});

describe('docs/notify.md', () => {
  it('shows a GitHub Actions workflow that actionlint accepts', () => {
    const actionlint = path.join(ROOT, '.tools', 'bin', 'actionlint');
    if (!existsSync(actionlint)) throw new Error(`${actionlint} is missing: run scripts/install-test-tools.sh`);
    const doc = readFileSync(path.join(ROOT, 'docs', 'notify.md'), 'utf8');
    const workflow = /```yaml\n(name:[\s\S]*?)```/.exec(doc)?.[1];
    expect(workflow).toContain('if: failure()');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-notify-doc-'));
    try {
      mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(dir, '.github', 'workflows', 'deploy.yml'), workflow ?? '');
      const lint = spawnSync(actionlint, ['-no-color', '.github/workflows/deploy.yml'], { cwd: dir, encoding: 'utf8' });
      expect(lint.stdout + lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
