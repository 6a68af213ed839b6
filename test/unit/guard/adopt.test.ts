import { describe, expect, it } from 'vitest';
import { planAdoption, type AdoptRequest } from '../../../src/core/guard/adopt.js';
import type { MatchedObject, ResourceVerdict } from '../../../src/core/guard/classify.js';
import type { GuardReport } from '../../../src/core/guard/run.js';

const match = (id: string, relation: MatchedObject['relation']): MatchedObject => ({ type: 'schemas', id, name: id, relation, why: relation });
const verdict = (type: ResourceVerdict['resource']['type'], key: string, matches: MatchedObject[]): ResourceVerdict => ({
  resource: { type, key, name: key },
  verdict: matches.some((m) => m.relation !== 'owned') ? 'conflict' : matches.length > 0 ? 'owned' : 'new',
  matches,
  summary: '',
  warnings: [],
});
const report = (resources: ResourceVerdict[]): GuardReport => ({
  target: 'staging',
  production: false,
  host: 'h',
  state: { engine: null, source: '', serial: 0 },
  resources,
  warnings: [],
  summary: { resources: resources.length, new: 0, owned: 0, conflicts: 0, allowed: 0, unchecked: 0, warnings: 0 },
});
const request = (extra: Partial<AdoptRequest> = {}): AdoptRequest => ({ named: [], production: false, userName: 'dev@example.com', ci: false, ...extra });

const REPORT = report([
  verdict('schemas', 'sales', [match('main.sales', 'untracked')]),
  verdict('apps', 'portal', [match('portal', 'unmanaged')]),
  verdict('volumes', 'raw', [match('main.sales.raw', 'other-bundle')]),
  verdict('clusters', 'etl', [match('c1', 'untracked'), match('c2', 'unmanaged')]),
  verdict('jobs', 'ingest', [match('1', 'owned')]),
]);

describe('planAdoption', () => {
  it('adopts what this target lost, and says why it leaves the rest', () => {
    const plan = planAdoption(REPORT, request());
    expect(plan).toEqual({
      ok: true,
      bindings: [{ resource: 'schemas.sales', key: 'sales', id: 'main.sales', relation: 'untracked' }],
      skipped: [
        'apps.portal: portal was made outside any bundle; adopt it only by naming it: --adopt apps.portal',
        'volumes.raw: main.sales.raw belongs to another bundle deployment (other-bundle); adopting it would take it over',
        'clusters.etl: 2 objects carry its name; delete or rename all but one, then adopt it',
      ],
    });
  });

  it('adopts a hand-made object only when its resource is named, never another bundle\'s', () => {
    const plan = planAdoption(REPORT, request({ named: ['apps.portal', 'raw'] }));
    expect(plan.ok && plan.bindings.map((b) => b.resource)).toEqual(['apps.portal']);
    expect(plan.ok && plan.skipped).toEqual(['volumes.raw: main.sales.raw belongs to another bundle deployment (other-bundle); adopting it would take it over']);
    expect(planAdoption(REPORT, request({ named: ['nope'] }))).toMatchObject({ ok: false, reason: '--adopt names no resource of staging: nope' });
  });

  it('adopts on production only as a service principal in CI', () => {
    expect(planAdoption(REPORT, request({ production: true, ci: false }))).toMatchObject({ ok: false });
    expect(planAdoption(REPORT, request({ production: true, ci: true }))).toMatchObject({ ok: false });
    const sp = planAdoption(REPORT, request({ production: true, ci: true, userName: '6f0c5c4e-1f7d-4c6b-9d1a-2b3c4d5e6f70' }));
    expect(sp.ok && sp.bindings).toHaveLength(1);
  });
});
