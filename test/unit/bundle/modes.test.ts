import { describe, expect, it } from 'vitest';
import { at, errors, resolve } from './helpers.js';

const files = (target: string): Record<string, string> => ({
  'databricks.yml': [
    'bundle: {name: modes}',
    'resources:',
    '  jobs:',
    '    nightly:',
    '      name: nightly',
    '      schedule: {quartz_cron_expression: "0 0 2 * * ?", timezone_id: UTC}',
    '  pipelines:',
    '    etl: {name: etl, continuous: true}',
    '  schemas:',
    '    raw: {catalog_name: main, name: raw}',
    '  volumes:',
    '    files: {catalog_name: main, schema_name: raw, name: files}',
    'targets:',
    target,
  ].join('\n'),
});

describe('mode: development', () => {
  const r = resolve(files('  dev: {mode: development}'));

  it('prefixes names with [dev <short name>] and Unity Catalog names with dev_<short name>_', () => {
    expect(at(r, 'resources.jobs.nightly.name')).toBe('[dev tester] nightly');
    expect(at(r, 'resources.pipelines.etl.name')).toBe('[dev tester] etl');
    expect(at(r, 'resources.schemas.raw.name')).toBe('dev_tester_raw');
    expect(at(r, 'resources.volumes.files.name')).toBe('files');
  });

  it('tags, pauses schedules, runs pipelines in development mode and drops the deployment lock', () => {
    expect(at(r, 'resources.jobs.nightly.tags')).toEqual({ dev: 'tester' });
    expect(at(r, 'resources.jobs.nightly.schedule.pause_status')).toBe('PAUSED');
    expect(at(r, 'resources.jobs.nightly.max_concurrent_runs')).toBe(4);
    expect(at(r, 'resources.pipelines.etl.development')).toBe(true);
    expect(at(r, 'resources.pipelines.etl.continuous')).toBeUndefined();
    expect(at(r, 'bundle.deployment.lock.enabled')).toBe(false);
  });

  it('references the prefixed schema from the volume and computes its path', () => {
    expect(at(r, 'resources.volumes.files.schema_name')).toBe('${resources.schemas.raw.name}');
    expect(at(r, 'resources.volumes.files.volume_path')).toBe('/Volumes/main/dev_tester_raw/files');
  });

  it('refuses a name prefix that does not identify the user', () => {
    const bad = resolve(files('  dev:\n    mode: development\n    presets: {name_prefix: "shared_"}'));
    expect(errors(bad)).toEqual(["prefix should contain the current username or ${workspace.current_user.short_name} to ensure uniqueness when using 'mode: development'"]);
  });
});

describe('mode: production', () => {
  it('needs an explicit root_path unless jobs run as someone', () => {
    expect(errors(resolve(files('  prod: {mode: production}')))).toEqual(["target with 'mode: production' must set 'workspace.root_path' to make sure only one copy is deployed"]);
    const ok = resolve(files('  prod:\n    mode: production\n    workspace: {root_path: /Workspace/Shared/modes}'));
    expect(errors(ok)).toEqual([]);
    expect(at(ok, 'resources.jobs.nightly.schedule.pause_status')).toBe('UNPAUSED');
    expect(at(ok, 'resources.jobs.nightly.name')).toBe('nightly');
  });
});

describe('defaults the CLI fills in', () => {
  const r = resolve(files('  default: {}'));

  it('sets workspace paths under ~/.bundle/<name>/<target>', () => {
    expect(at(r, 'workspace.root_path')).toBe('/Workspace/Users/tester@databricks.com/.bundle/modes/default');
    expect(at(r, 'workspace.file_path')).toBe('/Workspace/Users/tester@databricks.com/.bundle/modes/default/files');
    expect(at(r, 'workspace.current_user')).toEqual({ domain_friendly_name: 'tester', id: '1000012345', short_name: 'tester', userName: 'tester@databricks.com' });
  });

  it('fills job and pipeline defaults and deployment metadata', () => {
    expect(at(r, 'resources.jobs.nightly.queue')).toEqual({ enabled: true });
    expect(at(r, 'resources.jobs.nightly.max_concurrent_runs')).toBe(1);
    expect(at(r, 'resources.jobs.nightly.deployment')).toEqual({ kind: 'BUNDLE', metadata_file_path: '/Workspace/Users/tester@databricks.com/.bundle/modes/default/state/metadata.json' });
    expect(at(r, 'resources.pipelines.etl.channel')).toBe('CURRENT');
    expect(at(r, 'resources.pipelines.etl.edition')).toBe('ADVANCED');
  });

  it('copies run_as to jobs and makes the deploying user owner', () => {
    const withRunAs = resolve({ 'databricks.yml': 'bundle: {name: r}\nrun_as: {service_principal_name: sp-1}\nresources:\n  jobs:\n    j:\n      name: j\n      permissions: [{level: CAN_VIEW, group_name: users}]\n' });
    expect(at(withRunAs, 'resources.jobs.j.run_as')).toEqual({ service_principal_name: 'sp-1' });
    expect(at(withRunAs, 'resources.jobs.j.permissions')).toEqual([
      { level: 'CAN_VIEW', group_name: 'users' },
      { level: 'IS_OWNER', user_name: 'tester@databricks.com' },
    ]);
  });
});
