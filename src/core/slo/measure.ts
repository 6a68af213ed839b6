import type { ExecuteStatementRequest, ResultData, StatementResponse, StatementState, Warehouse } from '../workspace-api.js';

/** The Statement Execution API calls a measurement makes (the REST client provides them). */
export interface StatementCalls {
  execute(request: ExecuteStatementRequest): Promise<StatementResponse>;
  get(statementId: string): Promise<StatementResponse>;
  getChunk(statementId: string, chunkIndex: number): Promise<ResultData>;
  cancel(statementId: string): Promise<void>;
}

export interface WarehouseCalls {
  get(id: string): Promise<Warehouse>;
  start(id: string): Promise<void>;
}

/** Time, passed in: a monotonic clock in milliseconds and a way to wait. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Waits between polls: short at first (a fast query is not rounded up much), longer later. */
export interface PollPolicy {
  firstMs: number;
  factor: number;
  maxMs: number;
}

export const STATEMENT_POLL: PollPolicy = { firstMs: 20, factor: 1.5, maxMs: 1000 };
export const WAREHOUSE_POLL: PollPolicy = { firstMs: 250, factor: 2, maxMs: 5000 };

export function nextDelay(previous: number | undefined, policy: PollPolicy): number {
  return previous === undefined ? policy.firstMs : Math.min(policy.maxMs, previous * policy.factor);
}

const TERMINAL: ReadonlySet<StatementState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

export type RunOutcome =
  | { ok: true; ms: number; rows: number; statementId: string }
  | { ok: false; ms: number; state: StatementState | 'TIMEOUT'; message: string; statementId?: string };

/**
 * Runs one statement and times it from the submit to the last result chunk. The submit asks
 * for no wait (`wait_timeout=0s`), so the call returns at once whatever the state; the
 * statement is then polled with backoff until it reaches a terminal state, and every chunk is
 * fetched. A failed, cancelled or closed statement is an error, never a fast sample; one still
 * going at the timeout is cancelled and is an error too.
 */
export async function timeStatement(
  calls: StatementCalls,
  clock: Clock,
  request: { statement: string; warehouseId: string },
  options: { timeoutMs: number; poll?: PollPolicy },
): Promise<RunOutcome> {
  const poll = options.poll ?? STATEMENT_POLL;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let response = await calls.execute({ statement: request.statement, warehouse_id: request.warehouseId, wait_timeout: '0s', on_wait_timeout: 'CONTINUE' });
  const id = response.statement_id;
  let delay: number | undefined;
  while (!TERMINAL.has(response.status.state)) {
    const left = deadline - clock.now();
    if (left <= 0) {
      await calls.cancel(id);
      return { ok: false, ms: clock.now() - started, state: 'TIMEOUT', message: `still ${response.status.state} after ${options.timeoutMs} ms: cancelled`, statementId: id };
    }
    delay = nextDelay(delay, poll);
    await clock.sleep(Math.min(delay, left));
    response = await calls.get(id);
  }
  if (response.status.state !== 'SUCCEEDED') {
    const error = response.status.error;
    const message = error ? `${error.error_code}: ${error.message.replace(/\s+/g, ' ').trim()}` : `the statement ended ${response.status.state}`;
    return { ok: false, ms: clock.now() - started, state: response.status.state, message, statementId: id };
  }
  let rows = response.result?.data_array?.length ?? 0;
  for (let next = response.result?.next_chunk_index; next !== undefined; ) {
    const chunk = await calls.getChunk(id, next);
    rows += chunk.data_array?.length ?? 0;
    next = chunk.next_chunk_index;
  }
  return { ok: true, ms: clock.now() - started, rows, statementId: id };
}

export interface WarehouseReadiness {
  id: string;
  name: string;
  /** The state found before anything was done. */
  state: Warehouse['state'];
  /** How long it took to become RUNNING, or null when it already was. */
  coldStartMs: number | null;
}

/** States from which a warehouse becomes RUNNING by itself once started. */
const WAKING: ReadonlySet<Warehouse['state']> = new Set(['STARTING', 'STOPPED', 'STOPPING']);

/**
 * Makes sure the warehouse runs before anything is measured: a stopped one is started and
 * waited for, and the time that took is the cold start, kept apart from query times.
 */
export async function ensureRunning(
  calls: WarehouseCalls,
  clock: Clock,
  id: string,
  options: { timeoutMs: number; poll?: PollPolicy },
): Promise<WarehouseReadiness> {
  const poll = options.poll ?? WAREHOUSE_POLL;
  const started = clock.now();
  let warehouse = await calls.get(id);
  const found = { id, name: warehouse.name, state: warehouse.state };
  if (warehouse.state === 'RUNNING') return { ...found, coldStartMs: null };
  if (!WAKING.has(warehouse.state)) throw new WarehouseUnavailable(id, warehouse.name, warehouse.state);
  let delay: number | undefined;
  let startRequested = false;
  while (warehouse.state !== 'RUNNING') {
    // A stopping warehouse cannot be started until it has stopped.
    if (warehouse.state === 'STOPPED' && !startRequested) {
      await calls.start(id);
      startRequested = true;
    } else if (!WAKING.has(warehouse.state)) {
      throw new WarehouseUnavailable(id, warehouse.name, warehouse.state);
    }
    const left = started + options.timeoutMs - clock.now();
    if (left <= 0) throw new WarehouseUnavailable(id, warehouse.name, warehouse.state, options.timeoutMs);
    delay = nextDelay(delay, poll);
    await clock.sleep(Math.min(delay, left));
    warehouse = await calls.get(id);
  }
  return { ...found, coldStartMs: clock.now() - started };
}

/** The warehouse is deleted, or did not start in time. */
export class WarehouseUnavailable extends Error {
  constructor(
    readonly warehouseId: string,
    readonly warehouseName: string,
    readonly state: Warehouse['state'],
    readonly waitedMs?: number,
  ) {
    super(
      waitedMs === undefined
        ? `warehouse ${warehouseName} (${warehouseId}) is ${state}`
        : `warehouse ${warehouseName} (${warehouseId}) was still ${state} after ${Math.round(waitedMs / 1000)} s`,
    );
  }
}
