import type { StatementParameter } from '../../core/workspace-api.js';

export interface SqlColumn {
  name: string;
  /** The Databricks type name (INT, STRING, …) the manifest reports. */
  typeName: string;
  typeText: string;
}

export interface SqlResult {
  columns: SqlColumn[];
  /** Every value as the JSON_ARRAY format sends it: a string, or null. */
  rows: Array<Array<string | null>>;
}

/** Where the local warehouse runs SQL. One statement at a time. */
export interface SqlEngine {
  /** `current` is where one-part table names resolve (the API's `catalog` and `schema`). */
  run(sql: string, parameters: readonly StatementParameter[], current?: { catalog: string; schema: string }): Promise<SqlResult>;
  /** Stops the statement that runs now, if any. */
  interrupt(): void;
  close(): Promise<void>;
}

/** Engine type names (DuckDB's) to the names Databricks SQL reports. */
const DATABRICKS_TYPES: Record<string, string> = {
  BOOLEAN: 'BOOLEAN',
  TINYINT: 'BYTE',
  SMALLINT: 'SHORT',
  INTEGER: 'INT',
  BIGINT: 'LONG',
  HUGEINT: 'DECIMAL',
  UTINYINT: 'SHORT',
  USMALLINT: 'INT',
  UINTEGER: 'LONG',
  UBIGINT: 'DECIMAL',
  FLOAT: 'FLOAT',
  DOUBLE: 'DOUBLE',
  DECIMAL: 'DECIMAL',
  VARCHAR: 'STRING',
  BLOB: 'BINARY',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP_NTZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  INTERVAL: 'INTERVAL',
  LIST: 'ARRAY',
  STRUCT: 'STRUCT',
  MAP: 'MAP',
};

export function databricksType(engineType: string): { typeName: string; typeText: string } {
  const base = engineType.replace(/\(.*$/, '').replace(/\[\]$/, '').trim().toUpperCase();
  const typeName = engineType.endsWith('[]') ? 'ARRAY' : (DATABRICKS_TYPES[base] ?? 'STRING');
  const typeText = typeName === 'DECIMAL' && /\(.*\)/.test(engineType) ? engineType.replace(/^[A-Z]+/i, 'DECIMAL') : typeName;
  return { typeName, typeText };
}

/**
 * Databricks SQL names parameters `:name`; the engine takes `$name`. Markers inside quotes
 * and `::` casts are left alone. A typed parameter is cast, as Databricks binds it typed.
 */
export function bindNamedParameters(sql: string, parameters: readonly StatementParameter[]): { sql: string; values: Record<string, string | null> } {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const values: Record<string, string | null> = {};
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const char = sql.charAt(i);
    if (quote) {
      out += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      quote = char;
      out += char;
      continue;
    }
    const marker = char === ':' && sql.charAt(i - 1) !== ':' && sql.charAt(i + 1) !== ':' ? /^:([A-Za-z_]\w*)/.exec(sql.slice(i)) : null;
    const parameter = marker?.[1] ? byName.get(marker[1]) : undefined;
    if (!marker?.[1] || !parameter) {
      out += char;
      continue;
    }
    values[parameter.name] = parameter.value ?? null;
    out += parameter.type ? `CAST($${parameter.name} AS ${engineTypeOf(parameter.type)})` : `$${parameter.name}`;
    i += marker[0].length - 1;
  }
  return { sql: out, values };
}

function engineTypeOf(databricksTypeName: string): string {
  // The type is pasted into the SQL text: only a type name (with precision) may get there.
  if (!/^[A-Za-z_][\w ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/.test(databricksTypeName)) {
    throw new Error(`[INVALID_PARAMETER_TYPE] not a SQL type: ${databricksTypeName}`);
  }
  const upper = databricksTypeName.toUpperCase();
  const map: Record<string, string> = { STRING: 'VARCHAR', INT: 'INTEGER', LONG: 'BIGINT', SHORT: 'SMALLINT', BYTE: 'TINYINT', BINARY: 'BLOB' };
  return map[upper] ?? upper;
}
