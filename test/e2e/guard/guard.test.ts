import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataops } from '../../helpers/binary.js';
import { startWorkspace, verdicts, type Workspace } from './harness.js';

const SANDBOX_JOB = '[dev developer] orders_ingest';
const STAGING_JOB = 'orders_ingest';
const ALL_NEW = { 'jobs.orders_ingest': 'new', 'pipelines.orders_pipeline': 'new', 'dashboards.orders_overview': 'new' };
const ALL_OWNED = { 'jobs.orders_ingest': 'owned', 'pipelines.orders_pipeline': 'owned', 'dashboards.orders_overview': 'owned' };

/** The real Databricks CLI deploys the fixture bundle to a fresh `dataops local`; the built dataops guards it. */
describe('dataops guard against dataops local, deployed by the real Databricks CLI', { timeout: 300_000 }, () => {
  let ws: Workspace | undefined;
  const workspace = (options?: { failRate?: number }): Workspace => (ws = startWorkspace(options));
  afterEach(() => ws?.close());

  it('passes a clean first deploy and a second deploy of the same bundle, and warns when a deployed job was deleted by hand', () => {
    const w = workspace();
    const dir = w.bundle('first');
    const before = w.guard(dir, 'sandbox');
    expect(before.code, before.stderr).toBe(0);
    expect(verdicts(before.report)).toEqual(ALL_NEW);
    expect(before.report.resources.map((r) => r.resource.name)).toEqual([SANDBOX_JOB, '[dev developer] orders_pipeline', '[dev developer] Orders overview']);

    const first = w.dataopsDeploy(dir, 'sandbox');
    expect(first.code, first.stderr).toBe(0);
    const second = w.guard(dir, 'sandbox');
    expect(second.code, second.stderr).toBe(0);
    expect(verdicts(second.report)).toEqual(ALL_OWNED);
    const again = w.dataopsDeploy(dir, 'sandbox');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/preflight: guard: no conflicting resources/);
    expect(w.jobsNamed(SANDBOX_JOB)).toHaveLength(1);

    const [jobId = ''] = w.jobsNamed(SANDBOX_JOB);
    expect(w.databricks(dir, 'jobs', 'delete', jobId).code).toBe(0);
    const deleted = w.guard(dir, 'sandbox');
    expect(deleted.code).toBe(0);
    expect(deleted.report.resources[0]?.warnings).toEqual([
      `the deployment state records job ${jobId}, which no longer exists: the next deploy creates the job again`,
    ]);
  });

  it('finds a hand-made job with the same name, with its id, creator, created time and URL', () => {
    const w = workspace();
    const dir = w.bundle('hand-made');
    const created = w.databricks(dir, 'jobs', 'create', '--json', JSON.stringify({ name: SANDBOX_JOB }));
    expect(created.code, created.stderr).toBe(0);
    const jobId = String((JSON.parse(created.stdout) as { job_id: number }).job_id);

    const { code, report } = w.guard(dir, 'sandbox');
    expect(code).toBe(1);
    expect(verdicts(report)).toEqual({ ...ALL_NEW, 'jobs.orders_ingest': 'conflict' });
    expect(report.resources[0]?.matches).toEqual([
      expect.objectContaining({ id: jobId, relation: 'unmanaged', creator: 'developer@dataops.local', url: `${w.env.DATABRICKS_HOST}/jobs/${jobId}` }),
    ]);
    expect(report.resources[0]?.matches[0]?.createdAt).toEqual(expect.any(Number));
    expect(report.resources[0]?.resource.location).toEqual({ file: 'resources/orders.job.yml', line: 4, column: 7 });

    refusesToDeploy(w, dir, 'sandbox', SANDBOX_JOB, [jobId]);

    const allowed = w.guard(dir, 'sandbox', '--allow', 'orders_ingest');
    expect(allowed.code).toBe(0);
    expect(allowed.report.resources[0]?.verdict).toBe('allowed');
    writeFileSync(path.join(dir, 'dataops.yml'), 'guard:\n  allow: [jobs.orders_ingest]\n  concurrency: 2\n');
    expect(w.guard(dir, 'sandbox').code).toBe(0);
    writeFileSync(path.join(dir, 'dataops.yml'), 'guard:\n  alow: [jobs.orders_ingest]\n');
    const typo = dataops(['guard', '-t', 'sandbox'], { cwd: dir, env: w.env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown setting "alow" in guard/);
  });

  it('finds the same bundle deployed from another root path (its dashboard lives in another folder: no conflict)', () => {
    const w = workspace();
    const elsewhere = w.bundle('elsewhere', (yaml) => yaml.replaceAll('/Workspace/Shared/.bundle/', '/Workspace/Shared/other-team/.bundle/'));
    w.deploy(elsewhere, 'staging');
    const dir = w.bundle('ours');

    const { code, report } = w.guard(dir, 'staging');
    expect(code).toBe(1);
    expect(verdicts(report)).toEqual({ 'jobs.orders_ingest': 'conflict', 'pipelines.orders_pipeline': 'conflict', 'dashboards.orders_overview': 'new' });
    expect(report.resources.map((r) => r.matches.map((m) => m.relation))).toEqual([['other-bundle'], ['other-bundle'], []]);
    expect(report.resources[0]?.matches[0]?.why).toBe('deployed by another bundle deployment (/Shared/other-team/.bundle/guard_fixture/staging)');
    refusesToDeploy(w, dir, 'staging', STAGING_JOB, w.jobsNamed(STAGING_JOB));
  });

  it('keeps sandbox names apart from staging\'s through the development prefix (no false conflict)', () => {
    const w = workspace();
    const dir = w.bundle('prefix');
    w.deploy(dir, 'staging');
    const sandbox = w.guard(dir, 'sandbox');
    expect(sandbox.code, sandbox.stderr).toBe(0);
    expect(verdicts(sandbox.report)).toEqual(ALL_NEW);
    expect(w.dataopsDeploy(dir, 'sandbox').code).toBe(0);
    expect(verdicts(w.guard(dir, 'sandbox').report)).toEqual(ALL_OWNED);
    expect(verdicts(w.guard(dir, 'staging').report)).toEqual(ALL_OWNED);
  });

  it('lists both of two pre-existing duplicates', () => {
    const w = workspace();
    const dir = w.bundle('duplicates');
    for (let i = 0; i < 2; i++) expect(w.databricks(dir, 'jobs', 'create', '--json', JSON.stringify({ name: STAGING_JOB })).code).toBe(0);
    const ids = w.jobsNamed(STAGING_JOB);

    const { code, report } = w.guard(dir, 'staging');
    expect(code).toBe(1);
    expect(report.resources[0]?.summary).toBe(`2 jobs are already named "${STAGING_JOB}"`);
    expect(report.resources[0]?.matches.map((m) => [m.id, m.relation])).toEqual(ids.map((id) => [id, 'unmanaged']));
    refusesToDeploy(w, dir, 'staging', STAGING_JOB, ids);
  });

  it('blocks the deploy that would duplicate everything after the state file was deleted', () => {
    const w = workspace();
    const dir = w.bundle('lost-state');
    w.deploy(dir, 'staging');
    const statePath = '/Workspace/Shared/.bundle/guard_fixture/staging/state';
    expect(w.databricks(dir, 'workspace', 'delete', `${statePath}/resources.json`).code).toBe(0);
    rmSync(path.join(dir, '.databricks'), { recursive: true, force: true });

    const { code, report } = w.guard(dir, 'staging');
    expect(code).toBe(1);
    expect(report.state.engine).toBeNull();
    expect(report.resources.map((r) => [r.verdict, r.matches.map((m) => m.relation)])).toEqual([
      ['conflict', ['untracked']],
      ['conflict', ['untracked']],
      ['conflict', ['untracked']],
    ]);
    expect(report.resources[0]?.hint).toMatch(/^adopt it with: dataops guard -t staging --adopt \(runs databricks bundle deployment bind orders_ingest \d+ -t staging\)$/);
    refusesToDeploy(w, dir, 'staging', STAGING_JOB, w.jobsNamed(STAGING_JOB));
  });

  it('fails closed on production when the workspace cannot be listed, and only warns elsewhere', () => {
    const w = workspace({ failRate: 1 });
    const dir = w.bundle('outage');
    const prod = w.guard(dir, 'prod');
    expect(prod.code).toBe(3);
    expect(prod.report.summary.unchecked).toBe(3);
    const sandbox = w.guard(dir, 'sandbox');
    expect(sandbox.code).toBe(0);
    expect(sandbox.stderr).toMatch(/warning: the workspace could not be checked; going on without the guard/);
  });
});

/** `dataops deploy` stops at the guard and the workspace keeps exactly the jobs it had. */
function refusesToDeploy(w: Workspace, dir: string, target: string, jobName: string, jobsBefore: readonly string[]): void {
  const deploy = w.dataopsDeploy(dir, target);
  expect(deploy.code, deploy.stderr).toBe(1);
  expect(deploy.stderr).toMatch(/stopped at preflight step "guard"/);
  expect(w.jobsNamed(jobName)).toEqual(jobsBefore);
}
