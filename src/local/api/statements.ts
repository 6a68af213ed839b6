import { randomUUID } from 'node:crypto';
import type {
  ExecuteStatementRequest,
  ResultData,
  ResultManifest,
  StatementResponse,
  StatementParameter,
  StatementState,
} from '../../core/workspace-api.js';
import type { StatementHistory } from '../sql/history.js';
import { DEFAULT_RESULT_LIMITS, HeldResults, resultBytes, type ResultLimits } from '../sql/held-results.js';
import { QuietCollection } from '../sql/quiet-collection.js';
import { StatementTable } from '../sql/statement-table.js';
import { collectGarbage } from '../full-collection.js';
import { ApiError, caller, invalidParameter, jsonBody, notFound, requireString } from '../http.js';
import type { SqlEngine, SqlResult } from '../sql/engine.js';
import type { ApiModule } from './context.js';
import { runningWarehouse } from './warehouses.js';

export type InternalExecute = (
  warehouseId: string,
  sql: string,
  parameters: StatementParameter[],
  source: string,
  current?: { catalog: string; schema: string },
) => Promise<SqlResult>;

/** Rows per result chunk: small enough that a test sees several chunks. */
export const ROWS_PER_CHUNK = 1000;
const DEFAULT_WAIT = '10s';

interface Statement {
  id: string;
  state: StatementState;
  error?: { error_code: string; message: string };
  result?: SqlResult;
  truncated: boolean;
  endedAt?: number;
}

/** A statement just sent, and its result once it ends (none unless it SUCCEEDED). */
interface Started {
  statement: Statement;
  // Not kept on the statement: a settled promise would hold the result after it is CLOSED.
  outcome: Promise<SqlResult | undefined>;
}

export interface StatementsOptions {
  history?: StatementHistory;
  limits?: ResultLimits;
  now?: () => number;
  /** Called when closed results' memory can be given back (the server's default: a full collection). */
  collectGarbage?: () => void;
}

/**
 * The Statement Execution API over a real SQL engine. Statements are kept in memory: like on a
 * real warehouse, results do not outlive the server, and within it they expire (the statement
 * is then CLOSED) after their lifetime or when newer results need the byte budget.
 */
export function statementsApi(
  openEngine: () => Promise<SqlEngine>,
  options: StatementsOptions = {},
): { module: ApiModule; execute: InternalExecute; close(): Promise<void> } {
  const { history } = options;
  const now = options.now ?? Date.now;
  const limits = options.limits ?? DEFAULT_RESULT_LIMITS;
  const statements = new StatementTable<Statement>(now);
  const held = new HeldResults(limits, now);
  const sweepEveryMs = Math.min(Math.max(limits.lifetimeMs / 4, 250), 10_000);
  const collection = new QuietCollection(now, sweepEveryMs, options.collectGarbage ?? collectGarbage);
  // Results expire while nobody calls, too, and an idle server gives their memory back.
  const sweeper = setInterval(() => {
    collection.closed(held.sweep());
    statements.sweep();
    collection.tick();
  }, sweepEveryMs);
  sweeper.unref();
  let engine: Promise<SqlEngine> | null = null;
  const getEngine = (): Promise<SqlEngine> => (engine ??= openEngine());

  let readyWarehouse: (warehouseId: string) => Promise<void> = () => Promise.resolve();
  const module: ApiModule = (router, context) => {
    readyWarehouse = (warehouseId) => runningWarehouse(context, warehouseId);
    const base = '/api/2.0/sql/statements';

    router.on('POST', base, async (request) => {
      caller(request);
      const body = jsonBody<ExecuteStatementRequest>(request);
      const sql = requireString(body.statement, 'statement');
      const waitMs = parseWaitTimeout(body.wait_timeout ?? DEFAULT_WAIT);
      if (body.on_wait_timeout && body.on_wait_timeout !== 'CONTINUE' && body.on_wait_timeout !== 'CANCEL') {
        throw invalidParameter(`on_wait_timeout must be CONTINUE or CANCEL, got ${body.on_wait_timeout}`);
      }
      if ((body.disposition ?? 'INLINE') !== 'INLINE' || (body.format ?? 'JSON_ARRAY') !== 'JSON_ARRAY') {
        throw new ApiError(400, 'NOT_IMPLEMENTED', 'dataops local returns results INLINE in JSON_ARRAY format only');
      }
      const warehouseReady = runningWarehouse(context, requireString(body.warehouse_id, 'warehouse_id'));
      const { statement, outcome } = start(sql, body, warehouseReady, `API (${caller(request).userName})`);
      const result = waitMs > 0 ? await within(outcome, waitMs) : undefined;
      if (!isFinal(statement.state) && body.on_wait_timeout === 'CANCEL') cancel(statement);
      // The caller waited for this result: it gets it even if newer ones evicted it meanwhile.
      return result ? describe({ ...statement, state: 'SUCCEEDED', result }) : describe(statement);
    });

    router.on('GET', `${base}/{id}`, (request) => {
      caller(request);
      return describe(find(request.params.id));
    });

    router.on('GET', `${base}/{id}/result/chunks/{index}`, (request): ResultData => {
      caller(request);
      const statement = find(request.params.id);
      const index = Number(request.params.index);
      if (statement.state === 'CLOSED') {
        throw new ApiError(400, 'INVALID_STATE', `Statement ${statement.id} is CLOSED: its result is no longer available; run the statement again.`);
      }
      if (statement.state !== 'SUCCEEDED' || !statement.result) throw new ApiError(400, 'INVALID_STATE', `Statement ${statement.id} has no result (${statement.state}).`);
      const chunk = chunkOf(statement.result, index, statement.id);
      if (!chunk) throw notFound(`Chunk ${request.params.index} of statement ${statement.id} does not exist.`);
      return chunk;
    });

    router.on('POST', `${base}/{id}/cancel`, (request) => {
      caller(request);
      cancel(find(request.params.id));
      return {};
    });
  };

  const start = (sql: string, body: ExecuteStatementRequest, warehouseReady: Promise<void>, source: string): Started => {
    collection.called();
    const statement: Statement = { id: randomUUID(), state: 'PENDING', truncated: false };
    statements.add(statement);
    const record = history?.started({ statementId: statement.id, warehouseId: body.warehouse_id ?? '', statement: sql, source });
    const outcome = (async (): Promise<SqlResult | undefined> => {
      await warehouseReady;
      if (statement.state !== 'PENDING') return undefined;
      statement.state = 'RUNNING';
      try {
        const current = body.catalog || body.schema ? { catalog: body.catalog ?? 'main', schema: body.schema ?? 'default' } : undefined;
        const full = await (await getEngine()).run(sql, body.parameters ?? [], current);
        if (statement.state !== 'RUNNING') return undefined;
        const limit = body.row_limit;
        statement.truncated = limit !== undefined && full.rows.length > limit;
        const result = statement.truncated ? { ...full, rows: full.rows.slice(0, limit) } : full;
        end(statement, 'SUCCEEDED');
        statement.result = result;
        const evicted = held.hold(statement.id, resultBytes(result.rows), () => {
          statement.result = undefined;
          statement.state = 'CLOSED';
        });
        collection.closed(evicted);
        return result;
      } catch (error) {
        if (statement.state !== 'RUNNING') return undefined;
        end(statement, 'FAILED');
        statement.error = { error_code: 'BAD_REQUEST', message: error instanceof Error ? error.message : String(error) };
        return undefined;
      }
    })();
    if (record) {
      void outcome.then((result) =>
        history?.finished(record, { state: result ? 'SUCCEEDED' : statement.state, ...(result ? { rows: result.rows.length } : {}), ...(statement.error ? { error: statement.error.message } : {}) }),
      );
    }
    return { statement, outcome };
  };

  const end = (statement: Statement, state: 'SUCCEEDED' | 'FAILED' | 'CANCELED'): void => {
    statement.state = state;
    statement.endedAt = now();
  };

  /** A statement sent from inside the workspace (a job's SQL task, a dashboard page), to its end. */
  const execute: InternalExecute = async (warehouseId, sql, parameters, source, current) => {
    const { statement, outcome } = start(sql, { warehouse_id: warehouseId, statement: sql, parameters, ...current }, readyWarehouse(warehouseId), source);
    const result = await outcome;
    if (!result) throw new Error(statement.error?.message ?? `the statement ended ${statement.state}`);
    return result;
  };

  const cancel = (statement: Statement): void => {
    if (isFinal(statement.state)) return;
    if (statement.state === 'RUNNING') void engine?.then((e) => e.interrupt());
    end(statement, 'CANCELED');
  };

  const find = (id: string | undefined): Statement => {
    collection.called();
    // A result past its lifetime is CLOSED now, and an old statement gone, not at the sweeper's next turn.
    collection.closed(held.sweep());
    statements.sweep();
    const statement = statements.get(id ?? '');
    if (!statement) throw notFound(`Statement ${id} does not exist.`);
    return statement;
  };

  return {
    module,
    execute,
    close: async () => {
      clearInterval(sweeper);
      if (engine) await (await engine).close();
    },
  };
}

/** `0s` answers at once; otherwise 5 to 50 seconds, as the real API accepts. */
function parseWaitTimeout(text: string): number {
  const match = /^(\d+)s$/.exec(text);
  const seconds = match ? Number(match[1]) : NaN;
  if (seconds === 0) return 0;
  if (!(seconds >= 5 && seconds <= 50)) {
    throw invalidParameter(`wait_timeout must be 0s or between 5s and 50s, got '${text}'`);
  }
  return seconds * 1000;
}

function describe(statement: Statement): StatementResponse {
  const response: StatementResponse = {
    statement_id: statement.id,
    status: { state: statement.state, ...(statement.error ? { error: statement.error } : {}) },
  };
  if (statement.state === 'SUCCEEDED' && statement.result) {
    response.manifest = manifestOf(statement.result, statement.truncated);
    const first = chunkOf(statement.result, 0, statement.id);
    if (first) response.result = first;
  }
  return response;
}

function manifestOf(result: SqlResult, truncated: boolean): ResultManifest {
  const chunkCount = Math.max(1, Math.ceil(result.rows.length / ROWS_PER_CHUNK));
  return {
    format: 'JSON_ARRAY',
    schema: {
      column_count: result.columns.length,
      columns: result.columns.map((column, position) => ({ name: column.name, position, type_name: column.typeName, type_text: column.typeText })),
    },
    total_row_count: result.rows.length,
    total_chunk_count: chunkCount,
    chunks: Array.from({ length: chunkCount }, (_, index) => ({
      chunk_index: index,
      row_offset: index * ROWS_PER_CHUNK,
      row_count: Math.min(ROWS_PER_CHUNK, result.rows.length - index * ROWS_PER_CHUNK),
    })),
    truncated,
  };
}

function chunkOf(result: SqlResult, index: number, statementId: string): ResultData | null {
  const chunkCount = Math.max(1, Math.ceil(result.rows.length / ROWS_PER_CHUNK));
  if (!Number.isInteger(index) || index < 0 || index >= chunkCount) return null;
  const rows = result.rows.slice(index * ROWS_PER_CHUNK, (index + 1) * ROWS_PER_CHUNK);
  const next = index + 1 < chunkCount ? index + 1 : undefined;
  return {
    chunk_index: index,
    row_offset: index * ROWS_PER_CHUNK,
    row_count: rows.length,
    data_array: rows,
    ...(next !== undefined
      ? { next_chunk_index: next, next_chunk_internal_link: `/api/2.0/sql/statements/${statementId}/result/chunks/${next}` }
      : {}),
  };
}

function isFinal(state: StatementState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELED' || state === 'CLOSED';
}

/** What `promise` gives within `ms`, or undefined; the timer goes when the promise settles first. */
async function within<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
