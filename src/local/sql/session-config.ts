import type { SqlResult } from './engine.js';

/**
 * The configuration parameters a Databricks SQL warehouse lets a session SET
 * (Databricks SQL reference, "Configuration parameters"). The local engine has no such
 * settings; it answers as a warehouse does, with the key and value as one row.
 */
const SESSION_PARAMETERS = new Set([
  'ansi_mode',
  'enable_photon',
  'legacy_time_parser_policy',
  'max_file_partition_bytes',
  'read_only_external_metastore',
  'statement_timeout',
  'timezone',
  'use_cached_result',
]);

const SET_STATEMENT = /^\s*SET\s+([A-Za-z_][\w.]*)\s*=\s*(.*?)\s*;?\s*$/is;

/** The result of `SET <parameter> = <value>`, or undefined when the SQL is not such a statement. */
export function answerSessionSet(sql: string): SqlResult | undefined {
  const match = SET_STATEMENT.exec(sql);
  if (!match?.[1]) return undefined;
  const key = match[1].toLowerCase();
  if (!SESSION_PARAMETERS.has(key)) {
    throw new Error(`[CONFIG_NOT_AVAILABLE] Configuration ${match[1]} is not available.`);
  }
  const value = (match[2] ?? '').replace(/^'(.*)'$/s, '$1');
  return {
    columns: [
      { name: 'key', typeName: 'STRING', typeText: 'STRING' },
      { name: 'value', typeName: 'STRING', typeText: 'STRING' },
    ],
    rows: [[key, value]],
  };
}
