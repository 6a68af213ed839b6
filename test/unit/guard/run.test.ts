import { describe, expect, it } from 'vitest';
import { ExternalError } from '../../../src/core/errors.js';
import { EMPTY_STATE, type BundleResource, type WorkspaceObject } from '../../../src/core/guard/model.js';
import { guardAnnotations, renderGuardMarkdown, renderGuardText } from '../../../src/core/guard/render.js';
import { guard, type GuardInput, type GuardWorkspace } from '../../../src/core/guard/run.js';

const places = { statePath: '/Users/a/.bundle/b/dev/state', resourcePath: '/Users/a/.bundle/b/dev/resources' };
const resources: BundleResource[] = [
  { type: 'jobs', key: 'ingest', name: 'Ingest', location: { file: 'resources/ingest.yml', line: 3, column: 5 } },
  { type: 'pipelines', key: 'etl', name: 'etl' },
  { type: 'dashboards', key: 'sales', name: 'Sales', path: `${places.resourcePath}/Sales.lvdash.json` },
  { type: 'dashboards', key: 'costs', name: 'Costs', path: `${places.resourcePath}/Costs.lvdash.json` },
];

/** A workspace holding the given objects; counts the calls made. */
function workspace(objects: WorkspaceObject[], fail?: ExternalError): GuardWorkspace & { calls: string[] } {
  const calls: string[] = [];
  const call = <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    return fail ? Promise.reject(fail) : Promise.resolve(value);
  };
  return {
    calls,
    host: 'https://h',
    jobsNamed: (name) => call(`jobs ${name}`, objects.filter((o) => o.type === 'jobs' && o.name.toLowerCase() === name.toLowerCase())),
    pipelinesNamed: (name) => call(`pipelines ${name}`, objects.filter((o) => o.type === 'pipelines' && o.name === name).map(({ deployment: _d, ...o }) => o)),
    pipelineDeployment: (id) => call(`pipeline ${id}`, objects.find((o) => o.id === id)?.deployment),
    dashboardAt: (path) => call(`dashboard at ${path}`, objects.filter((o) => o.type === 'dashboards' && `${o.parentPath}/${o.name}.lvdash.json` === path)),
    exists: (_type, id) => call(`get ${id}`, objects.some((o) => o.id === id)),
  };
}

const input = (ws: GuardWorkspace, extra: Partial<GuardInput> = {}): GuardInput => ({
  target: 'dev',
  production: false,
  resources,
  places,
  state: EMPTY_STATE,
  workspace: ws,
  allow: [],
  concurrency: 2,
  ...extra,
});

describe('guard', () => {
  it('passes a first deploy into an empty workspace, with one question per resource', async () => {
    const ws = workspace([]);
    const { report, exitCode } = await guard(input(ws));
    expect(exitCode).toBe(0);
    expect(report.summary).toMatchObject({ resources: 4, new: 4, conflicts: 0 });
    expect(ws.calls.sort()).toEqual([`dashboard at ${places.resourcePath}/Costs.lvdash.json`, `dashboard at ${places.resourcePath}/Sales.lvdash.json`, 'jobs Ingest', 'pipelines etl']);
  });

  it('finds a dashboard at the path the deploy writes to, and not a same-named one in another folder', async () => {
    const ws = workspace([
      { type: 'dashboards', id: 'd1', name: 'Sales', url: 'u', parentPath: places.resourcePath },
      { type: 'dashboards', id: 'd2', name: 'Costs', url: 'u', parentPath: '/Users/bob/reports' },
    ]);
    const { report } = await guard(input(ws));
    expect(report.resources.map((r) => [r.resource.key, r.verdict, r.matches.map((m) => m.relation)])).toEqual([
      ['ingest', 'new', []],
      ['etl', 'new', []],
      ['sales', 'conflict', ['untracked']],
      ['costs', 'new', []],
    ]);
  });

  it('fails on a same-named job, matching its name without case, and reads a pipeline\'s deployment only when it is not ours', async () => {
    const ws = workspace([
      { type: 'jobs', id: '1', name: 'INGEST', url: 'https://h/jobs/1', creator: 'bob' },
      { type: 'pipelines', id: 'p1', name: 'etl', url: 'u', deployment: { kind: 'BUNDLE', metadataFilePath: '/Users/a/.bundle/b/dev/state/metadata.json' } },
    ]);
    const state = { ...EMPTY_STATE, engine: 'direct' as const, entries: { 'resources.pipelines.etl': { id: 'p1' } } };
    const { report, exitCode } = await guard(input(ws, { state }));
    expect(exitCode).toBe(1);
    expect(report.resources.map((r) => r.verdict)).toEqual(['conflict', 'owned', 'new', 'new']);
    expect(ws.calls).not.toContain('pipeline p1');
  });

  it('accepts an allowlisted conflict by key or by type and key', async () => {
    const ws = workspace([{ type: 'jobs', id: '1', name: 'Ingest', url: 'u' }]);
    for (const allow of [['ingest'], ['jobs.ingest']]) {
      const { report, exitCode } = await guard(input(ws, { allow }));
      expect(exitCode).toBe(0);
      expect(report.resources[0]?.verdict).toBe('allowed');
    }
    expect((await guard(input(ws, { allow: ['pipelines.ingest'] }))).exitCode).toBe(1);
  });

  it('fails closed (3) on a production target when the workspace cannot be listed, and goes on elsewhere', async () => {
    const down = new ExternalError('GET /api/2.2/jobs/list failed: no answer before the timeout');
    const production = await guard(input(workspace([], down), { production: true }));
    expect(production.exitCode).toBe(3);
    expect(production.report.summary.unchecked).toBe(4);
    const sandbox = await guard(input(workspace([], down)));
    expect(sandbox.exitCode).toBe(0);
    expect(sandbox.report.warnings[0]).toMatch(/going on without the guard/);
  });

  it('treats a state that cannot be read like a workspace that cannot be listed', async () => {
    const state = new ExternalError('GET /api/2.0/workspace/export failed: HTTP 500');
    expect((await guard(input(workspace([]), { state, production: true }))).exitCode).toBe(3);
  });

  it('reports conflicts as a table, a step summary and annotations on the defining YAML line', async () => {
    const ws = workspace([{ type: 'jobs', id: '1', name: 'Ingest', url: 'https://h/jobs/1', creator: 'bob', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5) }]);
    const { report } = await guard(input(ws));
    const text = renderGuardText(report);
    expect(text).toContain('jobs.ingest');
    expect(text).toContain('id 1  unmanaged  by bob  created 2026-01-02T03:04:05Z  https://h/jobs/1');
    expect(renderGuardMarkdown(report)).toContain('| `jobs.ingest` | Ingest | conflict | [1](https://h/jobs/1) unmanaged by bob');
    expect(guardAnnotations(report)).toEqual([
      expect.objectContaining({ level: 'error', file: 'resources/ingest.yml', line: 3, column: 5, title: 'guard: jobs.ingest' }),
    ]);
  });
});
