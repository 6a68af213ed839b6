import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { filesLeaking, leakedIn } from '../../helpers/canaries.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { DeployHarness } from './harness.js';

/**
 * The everyday path with the real go-task and the real Databricks CLI against `dataops local`:
 * sandboxes per branch, staging from CI, production only as the service principal.
 */
describe('dataops deploy / destroy with the real task and Databricks CLI', () => {
  const h = new DeployHarness();
  const receiver = new WebhookReceiver();
  let webhook = '';

  const jobsNamed = async (suffix: string): Promise<Array<{ id: number; name: string }>> => {
    const jobs = await collect((await h.workspace()).jobs.list());
    return jobs.filter((j) => j.settings?.name?.endsWith(suffix)).map((j) => ({ id: j.job_id, name: j.settings?.name ?? '' }));
  };
  const namespace = async (): Promise<string> => {
    const result = await h.run(['sandbox', 'namespace']);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    h.start();
    await receiver.start();
    webhook = receiver.url('/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3tsig');
  });
  afterAll(async () => {
    await receiver.stop();
    h.stop();
  });

  it('ships a Taskfile whose every task has a description and calls dataops, or act to run a workflow locally', () => {
    const listed = h.task(['--list']);
    expect(listed.code, listed.stderr).toBe(0);
    const names = [...listed.stdout.matchAll(/^\* ([\w:-]+):\s+\S/gm)].map((m) => m[1]).sort();
    expect(names).toEqual(['ci:local', 'db-deploy:prod', 'db-deploy:sandbox', 'db-deploy:staging', 'db-destroy:sandbox', 'db-setup', 'test:integration', 'test:nonfunctional', 'test:unit', 'validate']);
    const dry = h.task(['--dry', 'db-deploy:staging', '--', '--yes']);
    expect(dry.stderr.trim()).toBe('task: [db-deploy:staging] dataops deploy staging --yes');
  });

  it('task db-deploy:sandbox deploys, a second run updates in place, another branch gets its own sandbox', { timeout: 300_000 }, async () => {
    h.git('checkout', '-q', '-b', 'feature/one');
    const first = h.task(['db-deploy:sandbox']);
    expect(first.code, first.stderr).toBe(0);
    const one = await namespace();
    expect(one).toMatch(/^developer_feature_one_[0-9a-f]{10}$/);
    expect(first.stderr).toMatch(/preflight: resolve \+ validate: sandbox target sandbox, namespace developer_feature_one_\w+; no problems \(\d+(ms|\.\d+s)\)/);
    expect(first.stderr).toMatch(/preflight: identity: .*\(\d+(ms|\.\d+s)\)/);
    expect(first.stderr).toContain('Deployment complete!');
    const created = await jobsNamed('daily_orders');
    expect(created).toEqual([{ id: expect.any(Number), name: `[dev developer ${one}] daily_orders` }]);

    const second = h.task(['db-deploy:sandbox']);
    expect(second.code, second.stderr).toBe(0);
    expect(await jobsNamed('daily_orders')).toEqual(created);

    // The other commands see the sandbox as deploy made it: same namespace, so same names and paths.
    const guard = await h.run(['guard', '-t', 'sandbox', '--json']);
    expect(guard.code, guard.stderr).toBe(0);
    const verdicts = (JSON.parse(guard.stdout) as { resources: Array<{ verdict: string }> }).resources.map((r) => r.verdict);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set(['owned']));
    const verify = await h.run(['verify', '-t', 'sandbox']);
    expect(verify.code, verify.stderr).toBe(0);

    h.git('checkout', '-q', '-b', 'feature/two');
    const other = h.task(['db-deploy:sandbox']);
    expect(other.code, other.stderr).toBe(0);
    const two = await namespace();
    expect(two).not.toBe(one);
    const both = await jobsNamed('daily_orders');
    expect(both.map((j) => j.name).sort()).toEqual([`[dev developer ${one}] daily_orders`, `[dev developer ${two}] daily_orders`].sort());
    const ws = await h.workspace();
    const roots = (await ws.workspace.list('/Workspace/Users/developer@dataops.local/.bundle/deploy_fixture')).map((o) => path.basename(o.path)).sort();
    expect(roots).toEqual([one, two].sort());
  });

  it('refuses production for the developer, deploys it as the service principal with CI=true', { timeout: 300_000 }, async () => {
    const refused = await h.run(['deploy', 'prod']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('stopped at preflight step "identity"');
    expect(refused.stderr).toContain('user developer@dataops.local is not a service principal and CI is not true');
    expect(refused.stderr).not.toContain('databricks bundle deploy');
    expect(await jobsNamed('daily_orders')).toHaveLength(2);

    const notCi = await h.run(['deploy', 'prod'], h.servicePrincipal);
    expect(notCi.code).toBe(1);
    expect(notCi.stderr).toContain('CI is not true');

    const summaryFile = path.join(h.work, 'step-summary.md');
    writeFileSync(summaryFile, '');
    const deployed = await h.run(['deploy', 'prod', '--json'], { ...h.servicePrincipal, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile });
    expect(deployed.code, deployed.stderr).toBe(0);
    const result = JSON.parse(deployed.stdout) as { kind: string; user: string; preflight: Array<{ step: string; ok: boolean; duration_ms: number }>; resources: Array<{ type: string; key: string; name: string; url: string }> };
    expect(result.kind).toBe('production');
    expect(result.user).toBe(h.servicePrincipalId);
    expect(result.preflight.map((s) => s.step)).toEqual(['resolve + validate', 'deploy lock', 'databricks CLI version', 'guard', 'identity']);
    expect(result.resources).toEqual([{ type: 'jobs', key: 'daily_orders', name: 'daily_orders', id: expect.any(String), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/jobs\/\d+/) }]);
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('### dataops deploy prod');
    expect(markdown).toMatch(/\| job \| `daily_orders` \| \[daily_orders\]\(http:\/\/127\.0\.0\.1:\d+\/jobs\/\d+/);
    expect((await jobsNamed('daily_orders')).map((j) => j.name)).toContain('daily_orders');
  });

  it('lets a person break glass on production: deploys, warns loudly and notifies', { timeout: 300_000 }, async () => {
    receiver.reset();
    const result = await h.run(['deploy', 'prod', '--break-glass', 'INC-42 hotfix'], { ...h.developer, DATAOPS_TEAMS_WEBHOOK_URL: webhook });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('BREAK-GLASS deploy of production target prod by developer@dataops.local: INC-42 hotfix');
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.body).toContain('INC-42 hotfix');
    expect(result.stderr + result.stdout).not.toContain('s3cr3tsig');
  });

  it('refuses staging outside CI unless --yes', { timeout: 300_000 }, async () => {
    const refused = await h.run(['deploy', 'staging']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('outside CI needs --yes');
    const confirmed = await h.run(['deploy', 'staging', '--yes']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
  });

  const STAGING_LOCK = '/Workspace/Shared/.bundle/deploy_fixture/staging/state/deploy.lock';
  /** Someone else holds the workspace deploy lock of staging, so that the CLI's deploy fails. */
  const holdStagingLock = async (): Promise<void> => {
    const lock = { ID: '6a9c6d1e-0000-4000-8000-000000000001', AcquisitionTime: '2026-01-05T10:00:00Z', IsForced: false, User: 'someone.else@example.com' };
    await (await h.workspace()).workspace.importFile(STAGING_LOCK, Buffer.from(JSON.stringify(lock)), { overwrite: true });
  };

  it('fails with the phase, the CLI\'s last lines, the lock holder, exit 3 and a notification', { timeout: 300_000 }, async () => {
    await holdStagingLock();
    receiver.reset();
    const failed = await h.run(['deploy', 'staging'], { ...h.developer, CI: 'true', DATAOPS_TEAMS_WEBHOOK_URL: webhook });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('phase deploy: databricks bundle deploy -t staging failed (exit code 1); its last lines:');
    expect(failed.stderr).toContain('deploy lock acquired by someone.else@example.com');
    expect(failed.stderr).toMatch(/hint: the workspace deploy lock is held by someone\.else@example\.com since/);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.body).toContain('Deployment Failed');
    await (await h.workspace()).workspace.delete(STAGING_LOCK);
  });

  it('shows the token and the webhook in no encoding: not printed with --verbose --json, not in the card, not in a file', { timeout: 300_000 }, async () => {
    // A signature with a slash and a quote, so that each of its encodings differs from it.
    const sig = 'cnry/SIG"0f4e';
    const flow = 'cnryflow7c1d';
    const hook = receiver.url(`/workflows/${flow}/triggers/manual/paths/invoke?sig=${encodeURIComponent(sig)}`);
    const env = { ...h.developer, CI: 'true', DATAOPS_TEAMS_WEBHOOK_URL: hook };
    const secrets = [h.developer.DATABRICKS_TOKEN ?? '', sig, flow];
    receiver.reset();
    const deployed = await h.run(['deploy', 'sandbox', '--verbose', '--json'], env);
    expect(deployed.code, deployed.stderr).toBe(0);
    await holdStagingLock();
    const failed = await h.run(['deploy', 'staging', '--verbose', '--json'], env);
    await (await h.workspace()).workspace.delete(STAGING_LOCK);
    expect(failed.code).toBe(3);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    expect(leakedIn([deployed, failed].map((r) => r.stdout + r.stderr).join('\n'), secrets)).toEqual([]);
    expect(leakedIn(receiver.requests.map((r) => r.body).join('\n'), secrets)).toEqual([]);
    // The project (with the CLI's and dataops' state under .databricks/), the caches and the local
    // workspace's data, except its token store (mode 0600), which issued the token.
    expect(filesLeaking(h.work, secrets, ['project/.git', 'origin.git', 'data/identities.json'])).toEqual([]);
  });

  it('never runs two deploys of one target at once on this machine, and says who holds the lock', { timeout: 300_000 }, async () => {
    const file = path.join(h.project, '.databricks', 'dataops', 'deploy-sandbox.lock');
    mkdirSync(path.dirname(file), { recursive: true });
    const holder = { pid: process.pid, host: (await import('node:os')).hostname(), user: 'alice', command: 'dataops deploy sandbox', started: '2026-01-05T10:00:00.000Z' };
    writeFileSync(file, JSON.stringify(holder));
    const blocked = await h.run(['deploy', 'sandbox']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`another deploy of sandbox runs on this machine: dataops deploy sandbox by alice (pid ${process.pid}`);
    // A lock whose process is gone is stale and taken over.
    writeFileSync(file, JSON.stringify({ ...holder, pid: 2 ** 22 + 17 }));
    const taken = await h.run(['deploy', 'sandbox']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('stops at validate errors before the CLI runs (exit 1)', { timeout: 300_000 }, async () => {
    const job = path.join(h.project, 'resources', 'daily_orders.job.yml');
    const original = readFileSync(job, 'utf8');
    writeFileSync(job, original.replace('../src/count_orders.py', '../src/missing.py'));
    try {
      const result = await h.run(['deploy', 'sandbox']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stopped at preflight step "resolve + validate"');
      expect(result.stderr).toContain('missing.py');
      expect(result.stderr).not.toContain('Uploading bundle files');
    } finally {
      writeFileSync(job, original);
    }
  });

  it('destroys a sandbox without questions, and staging and production only with --yes', { timeout: 300_000 }, async () => {
    const two = await namespace();
    const destroyed = h.task(['db-destroy:sandbox']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect((await jobsNamed('daily_orders')).map((j) => j.name)).not.toContain(`[dev developer ${two}] daily_orders`);

    const noYes = await h.run(['destroy', 'prod'], { ...h.servicePrincipal, CI: 'true' });
    expect(noYes.code).toBe(1);
    expect(noYes.stderr).toContain('needs --yes');
    const asDeveloper = await h.run(['destroy', 'prod', '--yes']);
    expect(asDeveloper.code).toBe(1);
    expect(asDeveloper.stderr).toContain('only by a service principal in CI');
    const asPrincipal = await h.run(['destroy', 'prod', '--yes'], { ...h.servicePrincipal, CI: 'true' });
    expect(asPrincipal.code, asPrincipal.stderr).toBe(0);
    const left = (await jobsNamed('daily_orders')).map((j) => j.name);
    expect(left).not.toContain('daily_orders');
    expect(left).toContain('[staging] daily_orders');
  });
});
