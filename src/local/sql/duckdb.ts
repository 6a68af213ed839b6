import path from 'node:path';
import type { StatementParameter } from '../../core/workspace-api.js';
import { translateDatabricksSql, type CatalogNames } from './dialect.js';
import { bindNamedParameters, databricksType, type SqlEngine, type SqlResult } from './engine.js';
import { answerDeltaMaintenance } from './delta-maintenance.js';
import { answerSessionSet } from './session-config.js';
import { SAMPLES_SQL, WAREHOUSE_FUNCTIONS_SQL } from './warehouse-setup.js';

type Connection = Awaited<ReturnType<Awaited<ReturnType<typeof import('@duckdb/node-api').DuckDBInstance.create>>['connect']>>;

/**
 * DuckDB through its official Node package. Loaded only when a statement arrives, so
 * `dataops local up` starts without it. `file` keeps tables across restarts; the `samples`
 * catalog sits beside it. Statements arrive in Databricks SQL and are translated (dialect.ts).
 */
export async function openDuckDb(file: string): Promise<SqlEngine> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  const catalogs = await prepare(connection, path.join(path.dirname(file), 'samples.duckdb'));
  let queue: Promise<unknown> = Promise.resolve();

  const runOne = async (sql: string, parameters: readonly StatementParameter[], current?: { catalog: string; schema: string }): Promise<SqlResult> => {
    const answered = answerSessionSet(sql) ?? answerDeltaMaintenance(sql);
    if (answered) return answered;
    let result: SqlResult = { columns: [], rows: [] };
    for (const statement of await translateDatabricksSql(sql, parameters, { ...catalogs, ...(current ? { current } : {}) })) {
      result = await runTranslated(connection, statement, parameters);
    }
    return result;
  };

  return {
    run: (sql, parameters, current) => {
      const next = queue.then(() => runOne(sql, parameters, current));
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

async function runTranslated(connection: Connection, sql: string, parameters: readonly StatementParameter[]): Promise<SqlResult> {
  const bound = bindNamedParameters(sql, parameters);
  const reader = Object.keys(bound.values).length > 0 ? await connection.runAndReadAll(bound.sql, bound.values) : await connection.runAndReadAll(bound.sql);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  return {
    columns: names.map((name, index) => ({ name, ...databricksType(String(types[index] ?? 'VARCHAR')) })),
    rows: reader.getRowsJson().map((row) => row.map(asText)),
  };
}

/** The Databricks functions the engine lacks, and the `samples` catalog (made once). */
async function prepare(connection: Connection, samplesFile: string): Promise<CatalogNames> {
  const main = String((await connection.runAndReadAll('SELECT current_database()')).getRowsJson()[0]?.[0] ?? 'memory');
  await connection.run(WAREHOUSE_FUNCTIONS_SQL);
  await connection.run(`ATTACH IF NOT EXISTS '${samplesFile.replace(/'/g, "''")}' AS samples`);
  await connection.run(SAMPLES_SQL);
  return { main };
}

/** JSON_ARRAY sends every value as text. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
