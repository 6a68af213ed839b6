import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_STATE } from '../../../src/core/guard/model.js';
import { decideGc, parseAge, removeSandboxes, type RemovalIo } from '../../../src/core/sandbox/gc.js';
import { describeSandbox, type SandboxDeployment } from '../../../src/core/sandbox/inventory.js';
import { planTeardown } from '../../../src/core/sandbox/teardown.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const sandbox = (branch: string | null, daysAgo: number | null, user = 'alice@example.com'): SandboxDeployment => ({
  user,
  branch,
  namespace: `ns_${branch ?? 'none'}`,
  target: 'sandbox',
  rootPath: `/Workspace/Users/${user}/.bundle/shop/ns_${branch ?? 'none'}`,
  lastDeploy: daysAgo === null ? null : new Date(NOW - daysAgo * DAY).toISOString(),
});

describe('which sandboxes gc removes', () => {
  it('keeps a live branch whatever its age, removes a deleted branch, and an unknown one past the limit', () => {
    const decisions = decideGc(
      [sandbox('feature/live', 400), sandbox('feature/gone', 1), sandbox(null, 20), sandbox(null, 3), sandbox(null, null)],
      new Set(['main', 'feature/live']),
      'origin',
      NOW,
      14 * DAY,
    );
    expect(decisions.map((d) => [d.sandbox.branch, d.destroy, d.reason])).toEqual([
      ['feature/live', false, 'branch feature/live exists on origin'],
      ['feature/gone', true, 'branch feature/gone no longer exists on origin'],
      [null, true, 'branch unknown, last deployed 20 days ago'],
      [null, false, 'branch unknown, deployed 3 days ago'],
      [null, false, 'neither its branch nor its last deploy time is known'],
    ]);
  });

  it('never removes the sandbox of a branch that exists on the remote (property)', () => {
    const branch = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.tuple(branch, fc.integer({ min: 0, max: 1000 }))), fc.array(branch), fc.integer({ min: 0, max: 100 }), (deployed, others, limitDays) => {
        const live = new Set([...deployed.map(([b]) => b), ...others]);
        const decisions = decideGc(deployed.map(([b, age]) => sandbox(b, age)), live, 'origin', NOW, limitDays * DAY);
        expect(decisions.every((d) => !d.destroy)).toBe(true);
      }),
    );
  });

  it('reads ages and rejects what is not one', () => {
    expect(parseAge('14d')).toBe(14 * DAY);
    expect(parseAge('36h')).toBe(36 * 3_600_000);
    expect(parseAge('2w')).toBe(14 * DAY);
    expect(parseAge('0m')).toBe(0);
    expect(() => parseAge('two weeks')).toThrow('--older-than two weeks is not an age');
  });
});

describe('sandbox deployments in the workspace', () => {
  const metadata = (mode: string, branch?: string): string => JSON.stringify({ version: 1, config: { bundle: { name: 'shop', target: 'sandbox', mode, git: { bundle_root_path: '.', ...(branch ? { branch } : {}) } } } });

  it('describes a development deployment from its state files', () => {
    expect(
      describeSandbox({
        user: 'alice@example.com',
        rootPath: '/Workspace/Users/alice@example.com/.bundle/shop/alice_feature_x_0123456789',
        metadata: metadata('development', 'feature/x'),
        deployment: JSON.stringify({ version: 1, seq: 3, timestamp: '2026-02-27T10:00:00Z' }),
        modifiedAt: 0,
      }),
    ).toEqual({
      user: 'alice@example.com',
      branch: 'feature/x',
      namespace: 'alice_feature_x_0123456789',
      target: 'sandbox',
      rootPath: '/Workspace/Users/alice@example.com/.bundle/shop/alice_feature_x_0123456789',
      lastDeploy: '2026-02-27T10:00:00Z',
    });
  });

  it('ignores deployments that are not sandboxes, and falls back to the file time', () => {
    const folder = { user: 'a', rootPath: '/Workspace/Users/a/.bundle/shop/prod', deployment: undefined, modifiedAt: NOW };
    expect(describeSandbox({ ...folder, metadata: metadata('production') })).toBeNull();
    expect(describeSandbox({ ...folder, metadata: 'not json' })).toBeNull();
    expect(describeSandbox({ ...folder, metadata: metadata('development') })).toMatchObject({ branch: null, lastDeploy: '2026-03-01T00:00:00.000Z' });
  });
});

describe('removing a sandbox', () => {
  const state = {
    ...EMPTY_STATE,
    entries: { 'resources.jobs.daily': { id: '11' }, 'resources.jobs.daily.permissions': { id: '/jobs/11' }, 'resources.schemas.raw': { id: 'main.raw' } },
    metadataIds: { 'resources.dashboards.sales': 'd1', 'resources.jobs.daily': '11' },
  };

  it('deletes jobs, pipelines and dashboards the state records, and leaves other types', () => {
    expect(planTeardown(state)).toEqual({
      remove: [
        { type: 'dashboards', key: 'sales', id: 'd1' },
        { type: 'jobs', key: 'daily', id: '11' },
      ],
      leave: [{ type: 'schemas', key: 'raw', id: 'main.raw' }],
    });
  });

  it('removes the folder only when nothing was left, reports each step, and goes on after a failure', async () => {
    const lines: string[] = [];
    const folders: string[] = [];
    const io: RemovalIo = {
      teardown: async (s) => (s.branch === 'broken' ? Promise.reject(new Error('HTTP 500')) : s.branch === 'with-schema' ? planTeardown(state) : planTeardown({ ...state, entries: {}, metadataIds: { 'resources.jobs.daily': '11' } })),
      remove: async (r) => r.id !== 'd1',
      removeFolder: async (p) => {
        folders.push(p);
      },
      report: (line) => lines.push(line),
    };
    const decisions = ['broken', 'plain', 'with-schema', 'live'].map((b) => ({ sandbox: sandbox(b, 1), destroy: b !== 'live', reason: '' }));
    const removals = await removeSandboxes(decisions, io);
    expect(removals.map((r) => [r.error, r.folderRemoved, r.removed.length, r.left.length])).toEqual([
      ['HTTP 500', false, 0, 0],
      [null, true, 1, 0],
      [null, false, 2, 1],
    ]);
    expect(folders).toEqual([sandbox('plain', 1).rootPath]);
    expect(lines).toContain('  already gone: dashboard sales (d1)');
    expect(lines).toContain('  left schemas raw (main.raw): dataops does not delete this type');
  });
});
