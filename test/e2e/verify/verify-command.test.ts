import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { LocalDeployment } from '../testing/local-deployment.js';

interface Check {
  resource: string;
  check: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

interface Report {
  target: string;
  checks: Check[];
  runs: Array<{ job: string; url: string | null; ok: boolean; result: string | null; detail: string }>;
  summary: { passed: number; failed: number };
  ok: boolean;
}

/** A deployment made by the real Databricks CLI to dataops local, then broken by hand, one thing at a time. */
describe('dataops verify (the built binary, a deployment of the real CLI on dataops local)', () => {
  const project = new LocalDeployment('verify-project');
  let ids: Record<string, Record<string, string>> = {};
  const verify = async (args: string[] = []): Promise<{ code: number; report: Report; stderr: string }> => {
    const result = await dataopsAsync(['verify', '--json', ...args], { cwd: project.project, env: project.env });
    return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
  };
  const failures = (report: Report): Array<[string, string, string]> => report.checks.filter((c) => c.status === 'fail').map((c) => [c.resource, c.check, c.detail]);

  beforeAll(() => {
    project.up();
    project.deploy();
    ids = project.ids();
  });
  afterAll(() => project.remove());

  it('passes a fresh deployment, and runs a job to success with its run URL', async () => {
    const { code, report, stderr } = await verify(['--run', 'nightly_sales']);
    expect(failures(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => `${c.resource} ${c.check}`)).toEqual([
      'dashboards.sales_overview deployed',
      'dashboards.sales_overview owned',
      'dashboards.sales_overview published',
      'dashboards.sales_overview warehouse',
      'dashboards.sales_overview permissions',
      'jobs.nightly_sales deployed',
      'jobs.nightly_sales owned',
      'jobs.nightly_sales settings',
      'jobs.nightly_sales permissions',
      'jobs.slow_sales deployed',
      'jobs.slow_sales owned',
      'jobs.slow_sales settings',
      'jobs.slow_sales permissions',
      'pipelines.sales_pipeline deployed',
      'pipelines.sales_pipeline owned',
      'pipelines.sales_pipeline configuration',
      'pipelines.sales_pipeline permissions',
    ]);
    expect(report.runs).toMatchObject([{ job: 'nightly_sales', ok: true, result: 'SUCCESS' }]);
    expect(stderr).toContain(`started nightly_sales: ${report.runs[0]?.url ?? '?'}`);
  });

  it('fails a run that does not end within --run-timeout, and cancels it', async () => {
    const { code, report } = await verify(['--run', 'slow_sales', '--run-timeout', '1']);
    expect(code).toBe(1);
    expect(report.runs[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/^still (PENDING|QUEUED|RUNNING) after 1 s: cancelled$/) as unknown });
  });

  it('refuses to run a job the target does not have', async () => {
    const result = await dataopsAsync(['verify', '--run', 'no_such_job'], { cwd: project.project, env: project.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--run no_such_job: no such job in target staging');
  });

  it('reports each break made by hand', async () => {
    const jobId = Number(ids.jobs?.nightly_sales);
    const job = await project.api<{ settings: Record<string, unknown> & { schedule: Record<string, unknown> } }>('GET', `/api/2.2/jobs/get?job_id=${jobId}`);
    await project.api('POST', '/api/2.2/jobs/reset', { job_id: jobId, new_settings: { ...job.settings, schedule: { ...job.settings.schedule, pause_status: 'PAUSED' } } });
    let { code, report } = await verify();
    expect(code).toBe(1);
    expect(failures(report)).toEqual([['jobs.nightly_sales', 'settings', 'schedule.pause_status is "PAUSED" in the workspace, the bundle says "UNPAUSED"']]);

    await project.api('PUT', `/api/2.0/permissions/pipelines/${ids.pipelines?.sales_pipeline ?? ''}`, {
      access_control_list: [{ user_name: 'developer@dataops.local', permission_level: 'IS_OWNER' }, { group_name: 'users', permission_level: 'CAN_MANAGE' }],
    });
    ({ report } = await verify());
    expect(failures(report)).toContainEqual([
      'pipelines.sales_pipeline',
      'permissions',
      'group users has CAN_MANAGE in the workspace, not in the bundle; group analysts lacks CAN_VIEW, which the bundle grants',
    ]);

    const warehouses = await project.api<{ warehouses: Array<{ id: string }> }>('GET', '/api/2.0/sql/warehouses');
    await project.api('POST', `/api/2.0/sql/warehouses/${warehouses.warehouses[0]?.id ?? ''}/stop`);
    ({ report } = await verify());
    expect(failures(report)).toContainEqual(['dashboards.sales_overview', 'warehouse', expect.stringMatching(/^its warehouse Serverless Starter Warehouse \(\w+\) is (STOPPING|STOPPED)$/)]);

    await project.api('POST', '/api/2.2/jobs/delete', { job_id: jobId });
    let stderr: string;
    ({ code, report, stderr } = await verify());
    expect(code).toBe(1);
    expect(failures(report)).toContainEqual(['jobs.nightly_sales', 'deployed', `job ${jobId} does not exist in the workspace (deleted, or in the trash)`]);
    expect(report.checks.filter((c) => c.resource === 'jobs.nightly_sales')).toHaveLength(1);
    expect(report.summary.failed).toBe(3);
    expect(stderr).toMatch(/^jobs\.nightly_sales\s+deployed\s+FAIL\s+job \d+ does not exist/m);
  });

  it('annotates failures at the YAML of the resource in GitHub Actions', async () => {
    const result = await dataopsAsync(['verify'], { cwd: project.project, env: { ...project.env, GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^::error file=resources\/nightly\.job\.yml,line=4,title=verify jobs\.nightly_sales%3A deployed::job \d+ does not exist/m);
  });
});
