import { describe, expect, it } from 'vitest';
import { chooseDeploymentState, type StateFile } from '../../../src/core/guard/state.js';

const direct = (serial: number, id: string, lineage = 'L1'): string =>
  JSON.stringify({
    state_version: 2,
    lineage,
    serial,
    state: {
      'resources.jobs.ingest': { __id__: id, state: { name: 'ingest', tasks: [] } },
      'resources.dashboards.sales': { __id__: 'd1', state: { display_name: 'Sales', etag: '4' } },
    },
  });
const terraform = (serial: number, id: string): string =>
  JSON.stringify({
    version: 4,
    serial,
    lineage: 'L1',
    resources: [
      { mode: 'managed', type: 'databricks_job', name: 'ingest', instances: [{ attributes: { id } }] },
      { mode: 'managed', type: 'databricks_permissions', name: 'job_ingest', instances: [{ attributes: { id: `/jobs/${id}` } }] },
      { mode: 'data', type: 'databricks_current_user', name: 'me', instances: [{ attributes: { id: 'u' } }] },
    ],
  });

describe('chooseDeploymentState', () => {
  it('no state file at all: the next deploy creates everything', () => {
    expect(chooseDeploymentState([])).toMatchObject({ engine: null, entries: {} });
  });

  it('reads ids, deployed settings and dashboard etags from resources.json', () => {
    const state = chooseDeploymentState([{ engine: 'direct', where: 'remote', text: direct(3, '11') }]);
    expect(state).toMatchObject({ engine: 'direct', serial: 3, source: 'remote resources.json (serial 3)' });
    expect(state.entries['resources.jobs.ingest']).toEqual({ id: '11', state: { name: 'ingest', tasks: [] } });
    expect(state.entries['resources.dashboards.sales']?.etag).toBe('4');
  });

  it('reads managed jobs and their permissions from terraform.tfstate', () => {
    const state = chooseDeploymentState([{ engine: 'terraform', where: 'remote', text: terraform(2, '12') }]);
    expect(state.entries).toEqual({ 'resources.jobs.ingest': { id: '12' }, 'resources.jobs.ingest.permissions': { id: '/jobs/12' } });
  });

  it('uses the highest serial across local and remote files, as the CLI does', () => {
    const files: StateFile[] = [
      { engine: 'direct', where: 'local', text: direct(2, 'old') },
      { engine: 'direct', where: 'remote', text: direct(5, 'new') },
    ];
    expect(chooseDeploymentState(files).entries['resources.jobs.ingest']?.id).toBe('new');
  });

  it('warns about lineages that disagree and about files it cannot read', () => {
    const state = chooseDeploymentState([
      { engine: 'direct', where: 'local', text: direct(2, 'a', 'L1') },
      { engine: 'direct', where: 'remote', text: direct(3, 'b', 'L2') },
      { engine: 'terraform', where: 'remote', text: '{not json' },
    ]);
    expect(state.entries['resources.jobs.ingest']?.id).toBe('b');
    expect(state.warnings).toHaveLength(2);
    expect(state.warnings.join('\n')).toMatch(/lineage/);
  });

  it('keeps the ids metadata.json records, for recognising objects after the state was lost', () => {
    const metadata = JSON.stringify({ version: 1, config: { resources: { jobs: { ingest: { id: '11', relative_path: 'a.yml' } } } } });
    expect(chooseDeploymentState([], metadata).metadataIds).toEqual({ 'resources.jobs.ingest': '11' });
  });
});
