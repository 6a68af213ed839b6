import { describe, expect, it } from 'vitest';
import { checkSlos } from '../../../src/core/slo/check.js';
import { ensureRunning, timeStatement, WarehouseUnavailable, type Clock, type StatementCalls, type WarehouseCalls } from '../../../src/core/slo/measure.js';
import type { QueryObjective } from '../../../src/core/slo/settings.js';
import type { ExecuteStatementRequest, StatementResponse, StatementState, Warehouse } from '../../../src/core/workspace-api.js';

/** A clock that moves only when the code under test waits or a call takes time. */
class VirtualClock implements Clock {
  ms = 0;
  readonly sleeps: number[] = [];
  now = (): number => this.ms;
  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
    return Promise.resolve();
  };
}

/**
 * The Statement Execution API as a script: each statement goes through the given states, one
 * per call (submit, then each poll), and every call takes `callMs` of the virtual clock.
 */
class ScriptedStatements implements StatementCalls {
  readonly calls: string[] = [];
  readonly submitted: ExecuteStatementRequest[] = [];
  private readonly remaining = new Map<string, StatementState[]>();
  constructor(
    private readonly clock: VirtualClock,
    private readonly script: (statement: string) => StatementState[],
    private readonly callMs: () => number = () => 0,
    private readonly chunks = 1,
  ) {}

  execute(request: ExecuteStatementRequest): Promise<StatementResponse> {
    const id = `s${this.submitted.length + 1}`;
    this.submitted.push(request);
    this.remaining.set(id, [...this.script(request.statement)]);
    return this.answer(`execute ${id}`, id);
  }

  get(statementId: string): Promise<StatementResponse> {
    return this.answer(`get ${statementId}`, statementId);
  }

  getChunk(statementId: string, chunkIndex: number) {
    this.calls.push(`chunk ${statementId} ${chunkIndex}`);
    this.clock.ms += this.callMs();
    const next = chunkIndex + 1 < this.chunks ? { next_chunk_index: chunkIndex + 1 } : {};
    return Promise.resolve({ chunk_index: chunkIndex, row_offset: chunkIndex * 2, row_count: 2, data_array: [['a'], ['b']], ...next });
  }

  cancel(statementId: string): Promise<void> {
    this.calls.push(`cancel ${statementId}`);
    return Promise.resolve();
  }

  private answer(call: string, id: string): Promise<StatementResponse> {
    this.calls.push(call);
    this.clock.ms += this.callMs();
    const states = this.remaining.get(id) ?? [];
    const state = states.length > 1 ? (states.shift() ?? 'RUNNING') : (states[0] ?? 'RUNNING');
    const response: StatementResponse = { statement_id: id, status: { state } };
    if (state === 'FAILED') response.status.error = { error_code: 'BAD_REQUEST', message: 'Table or view not found:\n  sales' };
    if (state === 'SUCCEEDED') response.result = { chunk_index: 0, row_offset: 0, row_count: 2, data_array: [['a'], ['b']], ...(this.chunks > 1 ? { next_chunk_index: 1 } : {}) };
    return Promise.resolve(response);
  }
}

describe('timeStatement', () => {
  it('submits without waiting, polls with backoff until a terminal state and stops there, then reads every chunk', async () => {
    const clock = new VirtualClock();
    const api = new ScriptedStatements(clock, () => ['PENDING', 'RUNNING', 'RUNNING', 'SUCCEEDED'], () => 5, 3);
    const outcome = await timeStatement(api, clock, { statement: 'SELECT 1', warehouseId: 'w' }, { timeoutMs: 60_000 });
    expect(api.submitted[0]).toEqual({ statement: 'SELECT 1', warehouse_id: 'w', wait_timeout: '0s', on_wait_timeout: 'CONTINUE' });
    expect(api.calls).toEqual(['execute s1', 'get s1', 'get s1', 'get s1', 'chunk s1 1', 'chunk s1 2']);
    expect(clock.sleeps).toEqual([20, 30, 45]);
    // submit → last chunk: six calls of 5 ms and the three waits.
    expect(outcome).toEqual({ ok: true, ms: 6 * 5 + 20 + 30 + 45, rows: 6, statementId: 's1' });
  });

  it('reports a failed statement as an error with the server message, not as a sample', async () => {
    const clock = new VirtualClock();
    const api = new ScriptedStatements(clock, () => ['PENDING', 'FAILED']);
    const outcome = await timeStatement(api, clock, { statement: 'SELECT * FROM sales', warehouseId: 'w' }, { timeoutMs: 60_000 });
    expect(outcome).toMatchObject({ ok: false, state: 'FAILED', message: 'BAD_REQUEST: Table or view not found: sales' });
    expect(api.calls).toEqual(['execute s1', 'get s1']);
  });

  it('cancels a statement still running at the timeout, without waiting past it', async () => {
    const clock = new VirtualClock();
    const api = new ScriptedStatements(clock, () => ['RUNNING']);
    const outcome = await timeStatement(api, clock, { statement: 'SELECT slow()', warehouseId: 'w' }, { timeoutMs: 100 });
    expect(outcome).toMatchObject({ ok: false, state: 'TIMEOUT', message: 'still RUNNING after 100 ms: cancelled' });
    expect(clock.sleeps).toEqual([20, 30, 45, 5]);
    expect(api.calls.at(-1)).toBe('cancel s1');
  });
});

class ScriptedWarehouse implements WarehouseCalls {
  readonly calls: string[] = [];
  constructor(
    private readonly states: Warehouse['state'][],
    private readonly clock: VirtualClock,
  ) {}
  get(id: string): Promise<Warehouse> {
    this.calls.push('get');
    const state = this.states.length > 1 ? (this.states.shift() ?? 'RUNNING') : (this.states[0] ?? 'RUNNING');
    return Promise.resolve({ id, name: 'Shared', state } as Warehouse);
  }
  start(): Promise<void> {
    this.calls.push(`start at ${this.clock.ms}`);
    return Promise.resolve();
  }
}

describe('ensureRunning', () => {
  it('starts a stopped warehouse and reports the wait as its cold start', async () => {
    const clock = new VirtualClock();
    const warehouse = new ScriptedWarehouse(['STOPPED', 'STARTING', 'STARTING', 'RUNNING'], clock);
    expect(await ensureRunning(warehouse, clock, 'w1', { timeoutMs: 60_000 })).toEqual({ id: 'w1', name: 'Shared', state: 'STOPPED', coldStartMs: 250 + 500 + 1000 });
    expect(warehouse.calls).toEqual(['get', 'start at 0', 'get', 'get', 'get']);
  });

  it('waits for a stopping warehouse to stop before starting it', async () => {
    const clock = new VirtualClock();
    const warehouse = new ScriptedWarehouse(['STOPPING', 'STOPPED', 'STARTING', 'RUNNING'], clock);
    await ensureRunning(warehouse, clock, 'w1', { timeoutMs: 60_000 });
    expect(warehouse.calls).toEqual(['get', 'get', 'start at 250', 'get', 'get']);
  });

  it('does nothing to a running warehouse, and refuses a deleted one or one that does not start in time', async () => {
    const clock = new VirtualClock();
    expect((await ensureRunning(new ScriptedWarehouse(['RUNNING'], clock), clock, 'w', { timeoutMs: 1 })).coldStartMs).toBeNull();
    await expect(ensureRunning(new ScriptedWarehouse(['DELETED'], clock), clock, 'w', { timeoutMs: 1000 })).rejects.toThrow('warehouse Shared (w) is DELETED');
    const stuck = ensureRunning(new ScriptedWarehouse(['STARTING'], clock), clock, 'w', { timeoutMs: 1000 });
    await expect(stuck).rejects.toBeInstanceOf(WarehouseUnavailable);
    await expect(stuck).rejects.toThrow('was still STARTING after 1 s');
  });
});

describe('checkSlos on known delays', () => {
  const query = (overrides: Partial<QueryObjective> = {}): QueryObjective => ({
    name: 'daily',
    sql: 'SELECT 1',
    warehouse: 'w1',
    objective: { p50_ms: 100, p95_ms: 200 },
    runs: 10,
    warmup: 1,
    resultCache: false,
    timeoutMs: 60_000,
    path: ['slo', 'queries', 0],
    ...overrides,
  });

  it('computes p50, p95 and max from submit → last chunk of each measured run; warm-up and cache setting are not samples', async () => {
    const clock = new VirtualClock();
    // Each statement succeeds at its first poll, so a run is submit + 20 ms wait + poll. The
    // setting and the warm-up take 1 ms per call; the measured runs 10, 20, … 100 ms per call.
    const perCall = [1, 1, 1, 1, ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100].flatMap((ms) => [ms, ms])];
    const api = new ScriptedStatements(clock, () => ['PENDING', 'SUCCEEDED'], () => perCall.shift() ?? 0);
    const report = await checkSlos(
      { queries: [query()], scaling: [], warehouseStartTimeoutMs: 1000 },
      { statements: api, warehouses: new ScriptedWarehouse(['RUNNING'], clock), clock, warehouseId: () => Promise.resolve('w1'), sqlOf: (q) => Promise.resolve(q.sql ?? ''), progress: () => undefined },
    );
    expect(api.submitted.map((s) => s.statement)).toEqual(['SET use_cached_result = false', ...Array<string>(11).fill('SELECT 1')]);
    // run i takes 2 × 10i + 20 ms: 40, 60, … 220.
    expect(report.queries[0]).toMatchObject({ runs: 10, p50_ms: 120, p95_ms: 220, max_ms: 220, rows: 2, breached: true, breaches: ['p50 120 ms > 100 ms', 'p95 220 ms > 200 ms'], error: null });
    expect(report.warehouse).toEqual({ id: 'w1', name: 'Shared', state: 'RUNNING', cold_start_ms: null, error: null });
    expect(report.ok).toBe(false);
  });

  it('sends no cache setting when the objective allows the cache, and stops a query at its first failed run', async () => {
    const clock = new VirtualClock();
    let n = 0;
    const api = new ScriptedStatements(clock, () => (++n === 3 ? ['FAILED'] : ['SUCCEEDED']));
    const report = await checkSlos(
      { queries: [query({ resultCache: true, warmup: 0, objective: {} })], scaling: [], warehouseStartTimeoutMs: 1000 },
      { statements: api, warehouses: new ScriptedWarehouse(['RUNNING'], clock), clock, warehouseId: () => Promise.resolve('w1'), sqlOf: () => Promise.resolve('SELECT 1'), progress: () => undefined },
    );
    expect(api.submitted).toHaveLength(3);
    expect(api.submitted.every((s) => s.statement === 'SELECT 1')).toBe(true);
    expect(report.queries[0]).toMatchObject({ runs: 2, error: 'run 3 of 10 ended FAILED: BAD_REQUEST: Table or view not found: sales', breached: false });
    expect(report.ok).toBe(false);
  });

  it('submits a scaling check all at once and takes p95 over the concurrent runs', async () => {
    const clock = new VirtualClock();
    const api = new ScriptedStatements(clock, () => ['PENDING', 'SUCCEEDED']);
    const report = await checkSlos(
      { queries: [query({ resultCache: true, warmup: 0, runs: 1, objective: {} })], scaling: [{ query: 'daily', concurrency: 8, objective: { p95_ms: 1 }, path: ['slo', 'scaling', 0] }], warehouseStartTimeoutMs: 1000 },
      { statements: api, warehouses: new ScriptedWarehouse(['RUNNING'], clock), clock, warehouseId: () => Promise.resolve('w1'), sqlOf: () => Promise.resolve('SELECT 1'), progress: () => undefined },
    );
    const scaling = report.scaling[0];
    expect(scaling).toMatchObject({ name: 'daily ×8', concurrency: 8, runs: 8, breached: true, error: null });
    // The eight submissions happen before any of them is polled.
    expect(api.calls.slice(2, 10)).toEqual(['execute s2', 'execute s3', 'execute s4', 'execute s5', 'execute s6', 'execute s7', 'execute s8', 'execute s9']);
  });
});
