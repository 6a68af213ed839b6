import { describe, expect, it } from 'vitest';
import { dashboardPlaceProblem, dashboardWarehouseProblem, JOB_FIELDS, ownershipProblem, permissionDifferences, settingsDifferences } from '../../../src/core/verify/checks.js';
import { verify, type VerifyWorkspace } from '../../../src/core/verify/verify.js';
import type { ObjectPermissions, Warehouse } from '../../../src/core/workspace-api.js';

const STATE = '/Workspace/Users/a@x.com/.bundle/b/staging/state';

describe('verify checks', () => {
  it('holds job settings to the bundle: changed, removed and hand-added fields, nothing else', () => {
    const bundle = { name: 'nightly', schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' }, tasks: [], max_concurrent_runs: 4 };
    const workspace = { name: 'nightly', schedule: { quartz_cron_expression: '0 0 3 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' }, email_notifications: { on_failure: ['x@y.z'] }, webhook_notifications: {}, max_concurrent_runs: 1 };
    expect(settingsDifferences(bundle, workspace, JOB_FIELDS)).toEqual([
      'schedule.quartz_cron_expression is "0 0 3 * * ?" in the workspace, the bundle says "0 0 2 * * ?"',
      'email_notifications is set in the workspace ({"on_failure":["x@y.z"]}) but not in the bundle',
    ]);
    expect(settingsDifferences({ name: 'a', schedule: bundle.schedule }, { name: 'a' }, JOB_FIELDS)).toEqual([
      'schedule is missing in the workspace (the bundle sets {"quartz_cron_expression":"0 0 2 * * ?","timezone_id":"UTC","pause_status":"UNPAUSED"})',
    ]);
  });

  it('tells this deployment from a hand-made object or another target', () => {
    expect(ownershipProblem({ kind: 'BUNDLE', metadata_file_path: `${STATE}/metadata.json` }, STATE)).toBeNull();
    expect(ownershipProblem(undefined, STATE)).toBe('not deployed by a bundle (no deployment mark): made or replaced by hand');
    expect(ownershipProblem({ kind: 'BUNDLE', metadata_file_path: '/Workspace/Shared/other/state/metadata.json' }, STATE)).toBe(
      'deployed by another bundle or target (/Workspace/Shared/other/state/metadata.json)',
    );
    expect(dashboardPlaceProblem('/Workspace/Users/a@x.com/.bundle/b/staging/resources', '/Users/a@x.com/.bundle/b/staging/resources')).toBeNull();
    expect(dashboardPlaceProblem('/Workspace/Users/a@x.com/.bundle/b/staging/resources', '/Shared')).toBe(
      "in /Shared, not in this deployment's folder /Workspace/Users/a@x.com/.bundle/b/staging/resources",
    );
  });

  it('compares direct grants with the bundle, ignoring inherited ones and an owner the service added', () => {
    const acl: ObjectPermissions = {
      object_id: '/dashboards/d',
      object_type: 'dashboard',
      access_control_list: [
        { user_name: 'a@x.com', all_permissions: [{ permission_level: 'IS_OWNER', inherited: false }, { permission_level: 'CAN_MANAGE', inherited: false }] },
        { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true }] },
        { service_principal_name: 'deployer', all_permissions: [{ permission_level: 'CAN_EDIT', inherited: false }] },
      ],
    };
    expect(permissionDifferences([{ level: 'CAN_MANAGE', user_name: 'a@x.com' }, { level: 'CAN_READ', group_name: 'analysts' }], acl)).toEqual([
      'service principal deployer has CAN_EDIT in the workspace, not in the bundle',
      'group analysts lacks CAN_READ, which the bundle grants',
    ]);
  });

  it('wants a published dashboard on the bundle warehouse, running or starting', () => {
    const published = { display_name: 'd', warehouse_id: 'w1', embed_credentials: false, revision_create_time: '' };
    const warehouse = (state: Warehouse['state']): Warehouse => ({ id: 'w1', name: 'Shared', state }) as Warehouse;
    expect(dashboardWarehouseProblem('w1', published, warehouse('STARTING'))).toBeNull();
    expect(dashboardWarehouseProblem('w1', published, warehouse('STOPPED'))).toBe('its warehouse Shared (w1) is STOPPED');
    expect(dashboardWarehouseProblem('w1', published, null)).toBe('its warehouse w1 does not exist');
    expect(dashboardWarehouseProblem('w2', published, warehouse('RUNNING'))).toBe('published on warehouse w1, the bundle says w2');
  });
});

describe('verify', () => {
  it('fails a resource the state has no id for, and says which types it does not check', async () => {
    const nothing = (): Promise<null> => Promise.resolve(null);
    const workspace: VerifyWorkspace = {
      host: 'https://h',
      job: nothing,
      pipeline: nothing,
      dashboard: nothing,
      permissions: nothing,
      published: nothing,
      warehouse: nothing,
      runNow: () => Promise.reject(new Error('not expected')),
      getRun: () => Promise.reject(new Error('not expected')),
      cancelRun: () => Promise.reject(new Error('not expected')),
    };
    const report = await verify({
      target: 'staging',
      summary: { resources: { jobs: { nightly: { name: 'nightly' } }, schemas: { sales: { name: 'sales', id: 'main.sales' } } } },
      workspace,
      clock: { now: () => 0, sleep: () => Promise.resolve() },
      runs: ['nightly'],
      runTimeoutMs: 1000,
      onRunStarted: () => undefined,
    });
    expect(report.checks).toEqual([
      { resource: 'jobs.nightly', check: 'deployed', status: 'fail', detail: 'not deployed: the deployment state has no id for it' },
      { resource: 'schemas.sales', check: 'deployed', status: 'skip', detail: 'dataops verify does not check schemas yet' },
    ]);
    expect(report.runs).toEqual([{ job: 'nightly', run_id: null, url: null, state: 'NOT_STARTED', result: null, ok: false, detail: 'not deployed: the deployment state has no id for it' }]);
    expect(report.ok).toBe(false);
  });
});
