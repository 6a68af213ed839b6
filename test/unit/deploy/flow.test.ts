import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../../src/core/bundle/model.js';
import { runBundleFlow, type CliRun, type FlowCapabilities, type FlowRequest, type ResolveOutcome } from '../../../src/core/deploy/flow.js';
import { renderSummaryMarkdown, renderSummaryText, parseSummary } from '../../../src/core/deploy/summary.js';
import { CheckFailedError, ExternalError } from '../../../src/core/errors.js';

const SP = '6f1c1d2e-0000-4000-8000-1234567890ab';
const SUMMARY = {
  bundle: { name: 'shop', target: 'prod' },
  workspace: { root_path: '/Workspace/Shared/.bundle/shop/prod' },
  resources: {
    jobs: { daily: { id: '42', name: 'daily | orders', url: 'https://ws/jobs/42' } },
    dashboards: { sales: { id: 'd1', display_name: 'Sales', url: 'https://ws/dashboardsv3/d1/published' } },
  },
};

/** Records what the flow asked of the outside world, in order. */
function world(options: { resolve?: ResolveOutcome; user?: string; deployExit?: number; lockHolder?: string } = {}) {
  const calls: string[] = [];
  const notes: Array<{ status: string; message: string; title?: string }> = [];
  let clock = 0;
  const resolution = { target: 'prod', resolved: {} as ResolvedTarget, kind: 'production' as const, vars: [], namespace: null };
  const io: FlowCapabilities = {
    now: () => (clock += 5),
    resolve: async () => {
      calls.push('resolve');
      return options.resolve ?? { ok: true, resolution, detail: 'production target prod' };
    },
    guard: async () => {
      calls.push('guard');
      return [];
    },
    currentUser: async () => {
      calls.push('identity');
      return options.user ?? SP;
    },
    lock: () => {
      calls.push('lock');
      return options.lockHolder ? { ok: false, holder: options.lockHolder } : { ok: true, release: () => calls.push('unlock') };
    },
    useLocalState: (ns) => calls.push(`local state ${ns}`),
    recordDeployedIds: async (summary) => {
      calls.push(`record ${summary.resources.length} ids`);
    },
    cli: async (args): Promise<CliRun> => {
      calls.push(args.slice(0, 2).join(' '));
      if (args[1] === 'summary') return { exitCode: 0, stdout: JSON.stringify(SUMMARY), tail: [] };
      return { exitCode: options.deployExit ?? 0, stdout: '', tail: ['Uploading bundle files...', 'Error: boom'] };
    },
    phase: async () => ({ line: () => undefined, done: () => undefined }),
    observer: { started: () => undefined, finished: () => undefined },
    notify: async (status, message, title) => {
      notes.push({ status, message, ...(title ? { title } : {}) });
    },
    warn: (text) => calls.push(`warn ${text}`),
  };
  return { io, calls, notes };
}

const prod: FlowRequest = { action: 'deploy', target: 'prod', yes: false, ci: true };

describe('the deploy flow', () => {
  it('runs the preflight in order, each timed, then deploy and summary, and releases the lock', async () => {
    const { io, calls, notes } = world();
    const result = await runBundleFlow(prod, io);
    expect(calls).toEqual(['resolve', 'lock', 'guard', 'identity', 'bundle deploy', 'bundle summary', 'record 2 ids', 'unlock']);
    expect(result.preflight.map((s) => [s.name, s.ok, s.durationMs])).toEqual([
      ['resolve + validate', true, 5],
      ['deploy lock', true, 5],
      ['guard', true, 5],
      ['identity', true, 5],
    ]);
    expect(result.summary?.resources.map((r) => r.key)).toEqual(['sales', 'daily']);
    expect(notes).toEqual([]);
  });

  it('stops at the first failing check with exit 1, before the CLI runs, releases the lock and notifies', async () => {
    const { io, calls, notes } = world({ user: 'alice@example.com' });
    const error = await runBundleFlow(prod, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailedError);
    expect((error as Error).message).toContain('stopped at preflight step "identity"');
    expect(calls).toEqual(['resolve', 'lock', 'guard', 'identity', 'unlock']);
    expect(notes).toHaveLength(1);
  });

  it('blocks on validate errors and on guard conflicts', async () => {
    const invalid = world({ resolve: { ok: false, detail: 'dataops validate found 2 errors in prod' } });
    await expect(runBundleFlow(prod, invalid.io)).rejects.toThrow('stopped at preflight step "resolve + validate": dataops validate found 2 errors');
    const conflicted = world();
    conflicted.io.guard = async () => [{ message: 'job "daily" exists and is not deployed by this bundle' }];
    await expect(runBundleFlow(prod, conflicted.io)).rejects.toThrow(/step "guard": 1 conflicting resource in the workspace\n {2}job "daily" exists/);
  });

  it('reports the guard as not available until it lands, and destroy skips it', async () => {
    const { io, calls } = world();
    io.guard = undefined;
    expect((await runBundleFlow(prod, io)).preflight[2]).toMatchObject({ name: 'guard', ok: true, detail: expect.stringContaining('skipped') });
    calls.length = 0;
    await runBundleFlow({ ...prod, action: 'destroy', yes: true }, io);
    expect(calls).toEqual(['resolve', 'lock', 'identity', 'bundle destroy', 'unlock']);
  });

  it('turns a CLI failure into exit 3 with the phase and the last lines, notifies, and still unlocks', async () => {
    const { io, calls, notes } = world({ deployExit: 1 });
    const error = await runBundleFlow(prod, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toBe('phase deploy: databricks bundle deploy -t prod failed (exit code 1); its last lines:\n  Uploading bundle files...\n  Error: boom');
    expect(calls.at(-1)).toBe('unlock');
    expect(notes).toEqual([{ status: 'Failed', message: (error as Error).message }]);
  });

  it('says who holds a lock', async () => {
    const { io } = world({ lockHolder: 'dataops deploy prod by bob (pid 7 on ci-1)' });
    await expect(runBundleFlow(prod, io)).rejects.toThrow('another deploy of prod runs on this machine: dataops deploy prod by bob (pid 7 on ci-1)');
  });

  it('warns and notifies before a break-glass deploy', async () => {
    const { io, calls, notes } = world({ user: 'alice@example.com' });
    const result = await runBundleFlow({ ...prod, ci: false, breakGlass: 'INC-7' }, io);
    expect(result.breakGlass).toBe('INC-7');
    expect(calls).toContain('warn BREAK-GLASS deploy of production target prod by alice@example.com: INC-7');
    expect(notes).toEqual([{ status: 'Started', title: '🚨 Break-glass deploy of prod', message: 'alice@example.com bypassed the production rules: INC-7' }]);
  });

  it("gives a sandbox its namespace's local state under the lock, before the guard reads it", async () => {
    const { io, calls } = world();
    io.resolve = async () => ({ ok: true, detail: 'sandbox', resolution: { target: 'sandbox', resolved: {} as ResolvedTarget, kind: 'sandbox', vars: [['namespace', 'alice_x_0123456789']], namespace: 'alice_x_0123456789' } });
    await runBundleFlow({ ...prod, target: 'sandbox' }, io);
    expect(calls.slice(0, 3)).toEqual(['lock', 'local state alice_x_0123456789', 'guard']);
  });

  it('releases the lock when a check throws', async () => {
    const { io, calls } = world();
    io.guard = async () => {
      throw new ExternalError('workspace down');
    };
    await expect(runBundleFlow(prod, io)).rejects.toThrow('workspace down');
    expect(calls.at(-1)).toBe('unlock');
  });
});

describe('the deploy summary', () => {
  it('lists resources with names and URLs, as text and as GitHub Markdown', () => {
    const summary = parseSummary(SUMMARY);
    expect(renderSummaryText(summary).split('\n')).toEqual([
      'dashboard  sales  Sales           https://ws/dashboardsv3/d1/published',
      'job        daily  daily | orders  https://ws/jobs/42',
    ]);
    expect(renderSummaryMarkdown(summary, 'dataops deploy prod')).toBe(
      [
        '### dataops deploy prod',
        '',
        'Root path: `/Workspace/Shared/.bundle/shop/prod`',
        '',
        '| type | key | name |',
        '| --- | --- | --- |',
        '| dashboard | `sales` | [Sales](https://ws/dashboardsv3/d1/published) |',
        '| job | `daily` | [daily \\| orders](https://ws/jobs/42) |',
      ].join('\n'),
    );
  });
});
