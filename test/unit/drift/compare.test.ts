import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/core/bundle/model.js';
import { compareSettings } from '../../../src/core/drift/compare.js';
import { comparePermissions } from '../../../src/core/drift/permissions.js';

const none = (): boolean => false;

describe('compareSettings', () => {
  const deployed = {
    name: 'ingest',
    tasks: [
      { task_key: 'a', notebook_task: { notebook_path: '/x' } },
      { task_key: 'b', notebook_task: { notebook_path: '/y' } },
    ],
    tags: { team: 'sales' },
  };

  it('sees no change when the workspace only adds nested defaults and reorders keyed lists', () => {
    const actual: JsonValue = {
      name: 'ingest',
      tasks: [
        { task_key: 'b', notebook_task: { notebook_path: '/y', source: 'WORKSPACE' }, run_if: 'ALL_SUCCESS' },
        { task_key: 'a', notebook_task: { notebook_path: '/x' } },
      ],
      tags: { team: 'sales' },
      email_notifications: {},
    };
    expect(compareSettings(deployed, actual, none)).toEqual([]);
  });

  it('reports edited, removed and added fields with readable paths', () => {
    const actual = {
      name: 'ingest (edited)',
      tasks: [
        { task_key: 'a', notebook_task: { notebook_path: '/x2' } },
        { task_key: 'c', notebook_task: { notebook_path: '/z' } },
      ],
      schedule: { quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC' },
    };
    expect(compareSettings(deployed, actual, none)).toEqual([
      { path: 'name', deployed: 'ingest', actual: 'ingest (edited)' },
      { path: 'tasks[a].notebook_task.notebook_path', deployed: '/x', actual: '/x2' },
      { path: 'tasks[b]', deployed: deployed.tasks[1] },
      { path: 'tasks[c]', actual: { task_key: 'c', notebook_task: { notebook_path: '/z' } } },
      { path: 'tags', deployed: { team: 'sales' } },
      { path: 'schedule', actual: { quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC' } },
    ]);
  });

  it('leaves out top-level fields the service fills in', () => {
    expect(compareSettings({ name: 'a' }, { name: 'a', max_concurrent_runs: 1 }, (field) => field === 'max_concurrent_runs')).toEqual([]);
  });
});

describe('comparePermissions', () => {
  const deployed: JsonValue = { object_id: '/jobs/1', __embed__: [{ level: 'CAN_VIEW', group_name: 'users' }, { level: 'IS_OWNER', user_name: 'sp' }] };
  const acl = (entries: Array<Record<string, unknown>>) => ({ object_id: '/jobs/1', object_type: 'job', access_control_list: entries as never });

  it('ignores inherited grants and reports grants given or taken away in the workspace', () => {
    const now = acl([
      { user_name: 'sp', all_permissions: [{ permission_level: 'IS_OWNER', inherited: false }] },
      { user_name: 'bob', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
      { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true }] },
    ]);
    expect(comparePermissions(deployed, now)).toEqual([
      { principal: 'user bob', level: 'CAN_MANAGE', change: 'granted in the workspace' },
      { principal: 'group users', level: 'CAN_VIEW', change: 'revoked in the workspace' },
    ]);
  });
});
