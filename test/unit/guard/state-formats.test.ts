import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentAt, deploymentRecords } from '../../../src/core/guard/deployment-metadata.js';
import { chooseDeploymentState, deployedIdsText, type StateFile } from '../../../src/core/guard/state.js';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'direct-state');
const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const direct = (name: string, extra: Partial<StateFile> = {}): StateFile => ({ engine: 'direct', where: 'remote', text: read(name), ...extra });
const ids = (files: StateFile[]): Record<string, string> => Object.fromEntries(Object.entries(chooseDeploymentState(files).entries).map(([k, e]) => [k, e.id]));

describe('the direct engine state in every version the CLI has written', () => {
  it('reads versions 0 and 1, moving their permissions and grants under __embed__ as the CLI migrates them', () => {
    const v0 = chooseDeploymentState([direct('v0.json')]);
    expect(v0.serial).toBe(4);
    expect(v0.entries['resources.jobs.ingest.permissions']?.state).toEqual({ object_id: '/jobs/1001', __embed__: [{ level: 'CAN_VIEW', group_name: 'analysts' }] });
    const v1 = chooseDeploymentState([direct('v1.json')]);
    expect(v1.entries['resources.schemas.sales.grants']?.state).toEqual({
      securable_type: 'schema',
      full_name: 'main.sales',
      __embed__: [{ principal: 'analysts', privileges: ['USE_SCHEMA'] }],
    });
    expect(ids([direct('v1.json')])).toMatchObject({ 'resources.jobs.ingest': '1001', 'resources.schemas.sales': 'main.sales' });
  });

  it('reads versions 2 and 3 as written, and warns about a version 3 that needs features', () => {
    expect(chooseDeploymentState([direct('v2.json')]).entries['resources.jobs.ingest.permissions']?.state).toEqual({
      object_id: '/jobs/1001',
      __embed__: [{ level: 'CAN_VIEW', group_name: 'analysts' }],
    });
    const v3 = chooseDeploymentState([direct('v3.json')]);
    expect(v3.warnings).toEqual([]);
    expect(ids([direct('v3.json')])).toEqual({ 'resources.jobs.ingest': '1001', 'resources.secret_scopes.keys': 'sales-keys' });
    const featured = chooseDeploymentState([direct('v3-features.json')]);
    expect(featured.entries['resources.jobs.ingest']?.id).toBe('1001');
    expect(featured.warnings).toEqual(['remote resources.json needs state features a_future_feature: a CLI that lacks them refuses to deploy (upgrade it)']);
  });

  it('refuses a version newer than any the CLI has written, saying so', () => {
    const newer = JSON.stringify({ ...JSON.parse(read('v3.json')), state_version: 4 });
    const state = chooseDeploymentState([{ engine: 'direct', where: 'local', text: newer }]);
    expect(state.engine).toBeNull();
    expect(state.warnings).toEqual(['local resources.json is not a deployment state the guard can read: state version 4 is newer than any the Databricks CLI has written (3)']);
  });

  it('replays a write-ahead log of the next serial as the CLI does, and ignores a stale one', () => {
    const state = chooseDeploymentState([direct('v2.json', { where: 'local', wal: read('v2.json.wal') })]);
    expect(state.serial).toBe(7);
    expect(state.entries['resources.volumes.raw']?.id).toBe('main.sales.raw');
    expect(state.entries['resources.apps.portal']).toBeUndefined();
    expect(state.warnings).toEqual([
      'local resources.json: 1 lines of its write-ahead log are not JSON and were skipped, as the CLI skips them',
      'local resources.json has a write-ahead log from an interrupted deploy: read with it, as the next deploy will',
    ]);
    const stale = chooseDeploymentState([direct('v3.json', { where: 'local', wal: read('v2.json.wal') })]);
    expect(stale.serial).toBe(8);
    expect(stale.entries['resources.volumes.raw']).toBeUndefined();
  });

  it('keeps the ids dataops-ids.json and the server-side deployment metadata record as second opinions', () => {
    const kept = deployedIdsText([
      { type: 'schemas', key: 'sales', id: 'main.sales' },
      { type: 'apps', key: 'portal', id: null },
    ]);
    const records = deploymentRecords(
      [
        { name: 'deployments/abc', display_name: 'all_types staging', target_name: 'staging', status: 'DEPLOYMENT_STATUS_ACTIVE', workspace_info: { root_path: '/Workspace/Shared/.bundle/all_types/staging' } },
        { name: 'deployments/old', target_name: 'staging', status: 'DEPLOYMENT_STATUS_DELETED', workspace_info: { root_path: '/Workspace/Shared/.bundle/all_types/staging' } },
      ],
      [[{ name: 'deployments/abc/resources/jobs.ingest', resource_key: 'jobs.ingest', resource_id: '1001', resource_type: 'DEPLOYMENT_RESOURCE_TYPE_JOB' }, { resource_key: 'jobs.ingest.permissions', resource_id: '/jobs/1001' }], []],
    );
    const ours = deploymentAt(records, '/Shared/.bundle/all_types/staging');
    expect(ours?.name).toBe('deployments/abc');
    const state = chooseDeploymentState([], undefined, ours?.ids, kept);
    expect(state.engine).toBeNull();
    expect(state.metadataIds).toEqual({ 'resources.jobs.ingest': '1001', 'resources.schemas.sales': 'main.sales' });
  });
});
