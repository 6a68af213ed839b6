import { describe, expect, it } from 'vitest';
import { driftAnnotations, renderDriftText } from '../../../src/core/drift/render.js';
import { drift, type DriftWorkspace } from '../../../src/core/drift/run.js';
import { EMPTY_STATE, type DeploymentState } from '../../../src/core/guard/model.js';
import type { Dashboard, Job } from '../../../src/core/workspace-api.js';

const job = (settings: Job['settings']): Job => ({ job_id: 1, creator_user_name: 'sp', created_time: 0, settings });
const dashboard = (extra: Partial<Dashboard>): Dashboard => ({
  dashboard_id: 'd',
  display_name: 'Sales',
  path: '/Shared/x/Sales.lvdash.json',
  parent_path: '/Shared/x',
  etag: '1',
  lifecycle_state: 'ACTIVE',
  create_time: '',
  update_time: '',
  ...extra,
});

function workspace(objects: { job?: Job; dashboard?: Dashboard }): DriftWorkspace {
  return {
    host: 'https://h',
    job: async () => objects.job ?? null,
    pipeline: async () => null,
    dashboard: async () => objects.dashboard ?? null,
    permissions: async () => null,
  };
}

const state: DeploymentState = {
  ...EMPTY_STATE,
  engine: 'direct',
  source: 'remote resources.json (serial 2)',
  entries: {
    'resources.jobs.ingest': { id: '1', state: { name: 'ingest', max_concurrent_runs: 1 } },
    'resources.dashboards.sales': { id: 'd', etag: '1', state: { display_name: 'Sales', parent_path: '/Workspace/Shared/x', etag: '1' } },
  },
};
const input = (ws: DriftWorkspace, extra = {}) => ({
  target: 'prod',
  production: true,
  state,
  resources: [{ type: 'jobs' as const, key: 'ingest', name: 'ingest', location: { file: 'resources/ingest.yml', line: 4, column: 7 } }],
  workspace: ws,
  exists: () => Promise.resolve(true),
  concurrency: 4,
  ...extra,
});

describe('drift', () => {
  it('is quiet when the workspace holds what was deployed, with the service\'s own defaults', async () => {
    const ws = workspace({ job: job({ name: 'ingest', max_concurrent_runs: 1, format: 'MULTI_TASK', timeout_seconds: 0, run_as: { user_name: 'sp' } }), dashboard: dashboard({}) });
    const { report, exitCode } = await drift(input(ws));
    expect(exitCode).toBe(0);
    expect(report.summary).toMatchObject({ resources: 2, inSync: 2 });
  });

  it('finds a schedule added in the UI, a dashboard edited since the deploy, and says where the job is defined', async () => {
    const ws = workspace({ job: job({ name: 'ingest', max_concurrent_runs: 1, schedule: { quartz_cron_expression: '0 0 * * * ?' } }), dashboard: dashboard({ etag: '3' }) });
    const { report, exitCode } = await drift(input(ws));
    expect(exitCode).toBe(1);
    expect(report.resources.map((r) => [r.key, r.status])).toEqual([
      ['ingest', 'changed'],
      ['sales', 'changed'],
    ]);
    expect(renderDriftText(report)).toContain('schedule: added in the workspace: {"quartz_cron_expression":"0 0 * * * ?"}');
    expect(renderDriftText(report)).toContain('etag: "1" → "3"');
    expect(driftAnnotations(report)[0]).toMatchObject({ file: 'resources/ingest.yml', line: 4, title: 'drift: jobs.ingest' });
  });

  it('reports objects deleted by hand, and a trashed dashboard as deleted', async () => {
    const { report } = await drift(input(workspace({ dashboard: dashboard({ lifecycle_state: 'TRASHED' }) })));
    expect(report.resources.map((r) => r.status)).toEqual(['deleted', 'deleted']);
  });

  it('checks only existence when the state keeps ids only (terraform)', async () => {
    const terraform: DeploymentState = { ...EMPTY_STATE, engine: 'terraform', entries: { 'resources.jobs.ingest': { id: '1' } } };
    const { report, exitCode } = await drift(input(workspace({ job: job({ name: 'renamed' }) }), { state: terraform }));
    expect(exitCode).toBe(0);
    expect(report.resources[0]?.status).toBe('existence-only');
  });

  it('fails a production target that has no deployment state at all', async () => {
    const { report, exitCode } = await drift(input(workspace({}), { state: EMPTY_STATE }));
    expect(exitCode).toBe(1);
    expect(report.warnings[0]).toMatch(/no deployment state for prod/);
    expect((await drift(input(workspace({}), { state: EMPTY_STATE, production: false }))).exitCode).toBe(0);
  });

  it('checks the other types for existence: a schema dropped by hand is deleted, an app still there is existence-only', async () => {
    const typed: DeploymentState = {
      ...EMPTY_STATE,
      engine: 'direct',
      entries: { 'resources.schemas.sales': { id: 'main.sales', state: {} }, 'resources.apps.portal': { id: 'portal', state: {} }, 'resources.job_runs.once': { id: '9' } },
    };
    const asked: string[] = [];
    const exists = async (type: string, id: string): Promise<boolean> => {
      asked.push(`${type} ${id}`);
      return type === 'apps';
    };
    const { report, exitCode } = await drift({ ...input(workspace({}), { state: typed }), exists });
    expect(exitCode).toBe(1);
    expect(report.resources.map((r) => [`${r.type}.${r.key}`, r.status, r.url])).toEqual([
      ['schemas.sales', 'deleted', undefined],
      ['apps.portal', 'existence-only', undefined],
    ]);
    expect(asked).toEqual(['schemas main.sales', 'apps portal']);
    expect(renderDriftText(report)).toContain('deleted from the workspace');
  });
});
