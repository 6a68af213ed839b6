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
  done: Promise<void>;
}

/**
 * The Statement Execution API over a real SQL engine. Statements are kept in memory:
 * like on a real warehouse, results do not outlive the server.
 */
export function statementsApi(
  openEngine: () => Promise<SqlEngine>,
  history?: StatementHistory,
): { module: ApiModule; execute: InternalExecute; close(): Promise<void> } {
  const statements = new Map<string, Statement>();
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
      const statement = start(sql, body, warehouseReady, `API (${caller(request).userName})`);
      statements.set(statement.id, statement);
      if (waitMs > 0) await Promise.race([statement.done, delay(waitMs)]);
      if (!isFinal(statement.state) && body.on_wait_timeout === 'CANCEL') cancel(statement);
      return describe(statement);
    });

    router.on('GET', `${base}/{id}`, (request) => {
      caller(request);
      return describe(find(request.params.id));
    });

    router.on('GET', `${base}/{id}/result/chunks/{index}`, (request): ResultData => {
      caller(request);
      const statement = find(request.params.id);
      const index = Number(request.params.index);
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

  const start = (sql: string, body: ExecuteStatementRequest, warehouseReady: Promise<void>, source: string): Statement => {
    const statement: Statement = { id: randomUUID(), state: 'PENDING', truncated: false, done: Promise.resolve() };
    const record = history?.started({ statementId: statement.id, warehouseId: body.warehouse_id ?? '', statement: sql, source });
    statement.done = (async () => {
      await warehouseReady;
      if (statement.state !== 'PENDING') return;
      statement.state = 'RUNNING';
      try {
        const current = body.catalog || body.schema ? { catalog: body.catalog ?? 'main', schema: body.schema ?? 'default' } : undefined;
        const result = await (await getEngine()).run(sql, body.parameters ?? [], current);
        if (statement.state !== 'RUNNING') return;
        const limit = body.row_limit;
        statement.truncated = limit !== undefined && result.rows.length > limit;
        statement.result = statement.truncated ? { ...result, rows: result.rows.slice(0, limit) } : result;
        statement.state = 'SUCCEEDED';
      } catch (error) {
        if (statement.state !== 'RUNNING') return;
        statement.state = 'FAILED';
        statement.error = { error_code: 'BAD_REQUEST', message: error instanceof Error ? error.message : String(error) };
      }
    })();
    if (record) {
      void statement.done.then(() =>
        history?.finished(record, { state: statement.state, ...(statement.result ? { rows: statement.result.rows.length } : {}), ...(statement.error ? { error: statement.error.message } : {}) }),
      );
    }
    return statement;
  };

  /** A statement sent from inside the workspace (a job's SQL task, a dashboard page), to its end. */
  const execute: InternalExecute = async (warehouseId, sql, parameters, source, current) => {
    const statement = start(sql, { warehouse_id: warehouseId, statement: sql, parameters, ...current }, readyWarehouse(warehouseId), source);
    statements.set(statement.id, statement);
    await statement.done;
    if (statement.state !== 'SUCCEEDED' || !statement.result) throw new Error(statement.error?.message ?? `the statement ended ${statement.state}`);
    return statement.result;
  };

  const cancel = (statement: Statement): void => {
    if (isFinal(statement.state)) return;
    if (statement.state === 'RUNNING') void engine?.then((e) => e.interrupt());
    statement.state = 'CANCELED';
  };

  const find = (id: string | undefined): Statement => {
    const statement = statements.get(id ?? '');
    if (!statement) throw notFound(`Statement ${id} does not exist.`);
    return statement;
  };

  return {
    module,
    execute,
    close: async () => {
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
