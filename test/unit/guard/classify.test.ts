import { describe, expect, it } from 'vitest';
import { classifyResource, type ClassifyInput } from '../../../src/core/guard/classify.js';
import { EMPTY_STATE, type DeploymentState, type WorkspaceObject } from '../../../src/core/guard/model.js';

const ROOT = '/Workspace/Users/alice@example.com/.bundle/sales/dev';
const places = { rootPath: ROOT, statePath: `${ROOT}/state`, resourcePath: `${ROOT}/resources` };
const resource = { type: 'jobs' as const, key: 'ingest', name: '[dev alice] ingest' };

function job(id: string, extra: Partial<WorkspaceObject> = {}): WorkspaceObject {
  return { type: 'jobs', id, name: resource.name, creator: 'alice@example.com', createdAt: 0, url: `https://h/jobs/${id}`, ...extra };
}
const ours = { deployment: { kind: 'BUNDLE', metadataFilePath: `${ROOT}/state/metadata.json` } };
const recorded = (id: string): DeploymentState => ({ ...EMPTY_STATE, engine: 'direct', entries: { 'resources.jobs.ingest': { id } } });
const classify = (input: Partial<ClassifyInput>) => classifyResource({ resource, matches: [], state: EMPTY_STATE, places, target: 'dev', ...input });

describe('classifyResource', () => {
  it('a name nobody uses is new: the deploy creates it', () => {
    expect(classify({}).verdict).toBe('new');
  });

  it('the object whose id the deployment state records is owned', () => {
    const result = classify({ matches: [job('7', ours)], state: recorded('7') });
    expect(result.verdict).toBe('owned');
    expect(result.matches[0]?.relation).toBe('owned');
  });

  it('a job made by hand with the same name is an unmanaged conflict naming its creator', () => {
    const result = classify({ matches: [job('9', { creator: 'bob@example.com' })] });
    expect(result.verdict).toBe('conflict');
    expect(result.matches[0]).toMatchObject({ relation: 'unmanaged', why: 'made outside any bundle by bob@example.com' });
  });

  it('the same bundle deployed from another root path is another bundle deployment', () => {
    const other = { deployment: { kind: 'BUNDLE', metadataFilePath: '/Workspace/Users/bob@example.com/.bundle/sales/dev/state/metadata.json' } };
    const result = classify({ matches: [job('9', other)] });
    expect(result.verdict).toBe('conflict');
    expect(result.matches[0]).toMatchObject({ relation: 'other-bundle', why: 'deployed by another bundle deployment (/Users/bob@example.com/.bundle/sales/dev)' });
  });

  it('a job this target deployed but the lost state no longer records blocks the deploy and says how to bind it', () => {
    const result = classify({ matches: [job('7', ours)] });
    expect(result.verdict).toBe('conflict');
    expect(result.matches[0]?.relation).toBe('untracked');
    expect(result.hint).toBe('adopt it with: dataops guard -t dev --adopt (runs databricks bundle deployment bind ingest 7 -t dev)');
  });

  it('treats /Workspace/Users and /Users as one place', () => {
    const short = { deployment: { kind: 'BUNDLE', metadataFilePath: '/Users/alice@example.com/.bundle/sales/dev/state/metadata.json' } };
    expect(classify({ matches: [job('7', short)] }).matches[0]?.relation).toBe('untracked');
  });

  it('two pre-existing objects with the name are a conflict listing both, even when one is ours', () => {
    const result = classify({ matches: [job('7', ours), job('8')], state: recorded('7') });
    expect(result.verdict).toBe('conflict');
    expect(result.summary).toBe('2 jobs are already named "[dev alice] ingest"');
    expect(result.matches.map((m) => [m.id, m.relation])).toEqual([
      ['7', 'owned'],
      ['8', 'unmanaged'],
    ]);
  });

  it('warns when the state points at an id that no longer exists', () => {
    const result = classify({ state: recorded('5'), stateIdExists: false });
    expect(result.verdict).toBe('new');
    expect(result.warnings).toEqual(['the deployment state records job 5, which no longer exists: the next deploy creates the job again']);
  });

  it('a recorded object under another name is still owned (the deploy renames it)', () => {
    const result = classify({ state: recorded('5'), stateIdExists: true });
    expect(result.verdict).toBe('owned');
    expect(result.warnings).toEqual([]);
  });

  it('metadata.json of this target recognises its own dashboard after the state was lost', () => {
    const dashboard: WorkspaceObject = { type: 'dashboards', id: 'd1', name: 'Sales', url: 'u', parentPath: '/Users/someone/elsewhere' };
    const result = classifyResource({
      resource: { type: 'dashboards', key: 'sales', name: 'Sales' },
      matches: [dashboard],
      state: { ...EMPTY_STATE, metadataIds: { 'resources.dashboards.sales': 'd1' } },
      places,
      target: 'dev',
    });
    expect(result.matches[0]?.relation).toBe('untracked');
  });

  it('tells dashboards of this target, of other bundles and made by hand apart by their folder', () => {
    const relation = (parentPath: string): string | undefined =>
      classifyResource({
        resource: { type: 'dashboards', key: 'sales', name: 'Sales' },
        matches: [{ type: 'dashboards', id: 'd1', name: 'Sales', url: 'u', parentPath }],
        state: EMPTY_STATE,
        places,
        target: 'dev',
      }).matches[0]?.relation;
    expect(relation(`/Users/alice@example.com/.bundle/sales/dev/resources`)).toBe('untracked');
    expect(relation('/Workspace/Users/alice@example.com/.bundle/sales/staging/resources')).toBe('other-bundle');
    expect(relation('/Workspace/Users/alice@example.com')).toBe('unmanaged');
  });
});
