import { afterEach, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../../src/core/drift/run.js';
import { dataops } from '../../helpers/binary.js';
import { startWorkspace, type Workspace } from './harness.js';

/** Deployed by the real Databricks CLI, then edited by hand with it, as people do in the UI. */
describe('dataops drift against dataops local', { timeout: 300_000 }, () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.close());

  it('is quiet right after a deploy, then finds UI edits, a pipeline deleted by hand and a changed permission', () => {
    const w = (ws = startWorkspace());
    const dir = w.bundle('drift');
    w.deploy(dir, 'staging');
    const drift = (): { code: number; report: DriftReport } => {
      const result = dataops(['drift', '-t', 'staging', '--json'], { cwd: dir, env: w.env });
      return { code: result.code, report: JSON.parse(result.stdout) as DriftReport };
    };
    const clean = drift();
    expect(clean.code).toBe(0);
    expect(clean.report.summary).toMatchObject({ resources: 3, inSync: 3 });

    const ids = Object.fromEntries(clean.report.resources.map((r) => [r.key, r.id]));
    const cli = (...args: string[]): void => {
      const result = w.databricks(dir, ...args);
      expect(result.code, result.stderr).toBe(0);
    };
    const schedule = { quartz_cron_expression: '0 0 6 * * ?', timezone_id: 'UTC' };
    cli('jobs', 'update', '--json', JSON.stringify({ job_id: Number(ids.orders_ingest), new_settings: { schedule, name: 'orders_ingest (hotfix)' } }));
    cli('permissions', 'update', 'jobs', ids.orders_ingest ?? '', '--json', JSON.stringify({ access_control_list: [{ group_name: 'data-team', permission_level: 'CAN_MANAGE' }] }));
    cli('pipelines', 'delete', ids.orders_pipeline ?? '');
    cli('lakeview', 'update', ids.orders_overview ?? '', '--json', JSON.stringify({ display_name: 'Orders overview (mine)' }));

    const { code, report } = drift();
    expect(code).toBe(1);
    const byKey = Object.fromEntries(report.resources.map((r) => [r.key, r]));
    expect(byKey.orders_ingest?.status).toBe('changed');
    expect(byKey.orders_ingest?.changes).toEqual([
      { path: 'name', deployed: 'orders_ingest', actual: 'orders_ingest (hotfix)' },
      { path: 'schedule', actual: schedule },
    ]);
    expect(byKey.orders_ingest?.permissions).toEqual([{ principal: 'group data-team', level: 'CAN_MANAGE', change: 'granted in the workspace' }]);
    expect(byKey.orders_ingest?.location).toEqual({ file: 'resources/orders.job.yml', line: 4, column: 7 });
    expect(byKey.orders_pipeline?.status).toBe('deleted');
    expect(byKey.orders_overview?.status).toBe('changed');
    expect(byKey.orders_overview?.changes.map((c) => c.path)).toEqual(['display_name', 'etag']);
  });
});
