import type { StatementParameter } from '../../core/workspace-api.js';
import { bindNamedParameters, databricksType, type SqlEngine, type SqlResult } from './engine.js';
import { answerSessionSet } from './session-config.js';

/**
 * DuckDB through its official Node package. Loaded only when a statement arrives, so
 * `dataops local up` starts without it. `file` keeps tables across restarts.
 */
export async function openDuckDb(file: string): Promise<SqlEngine> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = async (sql: string, parameters: readonly StatementParameter[]): Promise<SqlResult> => {
    const setting = answerSessionSet(sql);
    if (setting) return setting;
    const bound = bindNamedParameters(sql, parameters);
    const reader = Object.keys(bound.values).length > 0 ? await connection.runAndReadAll(bound.sql, bound.values) : await connection.runAndReadAll(bound.sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, index) => ({ name, ...databricksType(String(types[index] ?? 'VARCHAR')) })),
      rows: reader.getRowsJson().map((row) => row.map(asText)),
    };
  };

  return {
    run: (sql, parameters) => {
      const next = queue.then(() => runOne(sql, parameters));
      queue = next.catch(() => undefined);
      return next;
    },
    interrupt: () => connection.interrupt(),
    close: async () => {
      await queue;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** JSON_ARRAY sends every value as text. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
