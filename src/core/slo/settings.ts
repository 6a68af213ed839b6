import type { ConfigPath, JsonObject, JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import type { LatencyObjective } from './objectives.js';

/** One latency objective of `slo.queries` in dataops.yml, with its defaults applied. */
export interface QueryObjective {
  name: string;
  /** The SQL as written, or undefined when it is in `file`. */
  sql?: string;
  /** Path of a .sql file, relative to the project root. */
  file?: string;
  /** `${var.name}` of the bundle, or a warehouse id. */
  warehouse: string;
  objective: LatencyObjective;
  runs: number;
  warmup: number;
  /** Whether the result cache may serve the measured runs (default: no). */
  resultCache: boolean;
  timeoutMs: number;
  /** Where the entry is in dataops.yml, to point errors at it. */
  path: ConfigPath;
}

/** A `slo.scaling` check: `concurrency` submissions of a query at once. */
export interface ScalingObjective {
  query: string;
  concurrency: number;
  objective: LatencyObjective;
  path: ConfigPath;
}

export interface SloSettings {
  queries: QueryObjective[];
  scaling: ScalingObjective[];
  warehouseStartTimeoutMs: number;
}

export const DEFAULT_RUNS = 10;
export const DEFAULT_WARMUP = 1;
export const DEFAULT_TIMEOUT_S = 300;
export const DEFAULT_WAREHOUSE_START_TIMEOUT_S = 900;

const latencyBounds = {
  p50_ms: { type: 'number', exclusiveMinimum: 0, description: 'The median run must not take longer (milliseconds). Default: not checked.' },
  p95_ms: { type: 'number', exclusiveMinimum: 0, description: 'The 95th percentile (nearest rank) must not take longer (milliseconds). Default: not checked.' },
};

/** The `slo` section of the dataops.yml schema. */
export const SLO_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Latency objectives that `dataops slo` measures through the Statement Execution API. Default: {} (nothing to measure).',
  additionalProperties: false,
  properties: {
    queries: {
      type: 'array',
      description: 'Queries with latency objectives. Default: [].',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'warehouse'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'Name in reports. Required, unique.' },
          sql: { type: 'string', minLength: 1, description: 'The statement to measure. Give sql or file.' },
          file: { type: 'string', minLength: 1, description: 'A file holding the statement, relative to the project root. Give sql or file.' },
          warehouse: { type: 'string', minLength: 1, description: 'The SQL warehouse: a bundle variable (`${var.warehouse_id}`, lookups included) or an id. Required.' },
          ...latencyBounds,
          runs: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_RUNS, description: `Measured runs. Default: ${DEFAULT_RUNS}.` },
          warmup: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_WARMUP, description: `Runs before the measured ones, not counted. Default: ${DEFAULT_WARMUP}.` },
          result_cache: {
            type: 'boolean',
            default: false,
            description: 'Let the result cache answer the measured runs. Default: false (`SET use_cached_result = false` is sent first).',
          },
          timeout_s: { type: 'number', exclusiveMinimum: 0, default: DEFAULT_TIMEOUT_S, description: `A run still going after this many seconds is cancelled and is an error. Default: ${DEFAULT_TIMEOUT_S}.` },
        },
      },
    },
    scaling: {
      type: 'array',
      description: 'Warehouse scaling checks: a query of `queries` submitted many times at once, and its latency under that load. Default: [].',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['query', 'concurrency'],
        properties: {
          query: { type: 'string', minLength: 1, description: 'The name of an entry of `queries`. Required.' },
          concurrency: { type: 'integer', minimum: 2, maximum: 256, description: 'Submissions at once. Required.' },
          ...latencyBounds,
        },
      },
    },
    warehouse_start_timeout_s: {
      type: 'number',
      exclusiveMinimum: 0,
      default: DEFAULT_WAREHOUSE_START_TIMEOUT_S,
      description: `How long to wait for a stopped warehouse to start. Default: ${DEFAULT_WAREHOUSE_START_TIMEOUT_S}.`,
    },
  },
};

/** Problems the schema cannot express: sql or file, unique names, known queries. */
export interface SettingsProblem {
  message: string;
  path: ConfigPath;
}

/**
 * The `slo` section (already checked against SLO_SETTINGS_SCHEMA) with defaults applied.
 * Returns the settings, or the first problem with its place in the file.
 */
export function readSloSettings(section: JsonValue | undefined): SloSettings | SettingsProblem {
  const slo = asObject(section);
  const queries = asArray(slo.queries).map((entry, index): QueryObjective => {
    const q = asObject(entry);
    return {
      name: String(q.name),
      ...(typeof q.sql === 'string' ? { sql: q.sql } : {}),
      ...(typeof q.file === 'string' ? { file: q.file } : {}),
      warehouse: String(q.warehouse),
      objective: boundsOf(q),
      runs: typeof q.runs === 'number' ? q.runs : DEFAULT_RUNS,
      warmup: typeof q.warmup === 'number' ? q.warmup : DEFAULT_WARMUP,
      resultCache: q.result_cache === true,
      timeoutMs: (typeof q.timeout_s === 'number' ? q.timeout_s : DEFAULT_TIMEOUT_S) * 1000,
      path: ['slo', 'queries', index],
    };
  });
  const scaling = asArray(slo.scaling).map((entry, index): ScalingObjective => {
    const s = asObject(entry);
    return { query: String(s.query), concurrency: Number(s.concurrency), objective: boundsOf(s), path: ['slo', 'scaling', index] };
  });
  const seen = new Set<string>();
  for (const query of queries) {
    if ((query.sql === undefined) === (query.file === undefined)) return { message: `slo query ${query.name} needs exactly one of sql and file`, path: query.path };
    if (seen.has(query.name)) return { message: `two slo queries are named ${query.name}`, path: [...query.path, 'name'] };
    seen.add(query.name);
  }
  for (const check of scaling) {
    if (!seen.has(check.query)) return { message: `slo scaling names the query ${check.query}, which slo.queries does not define`, path: [...check.path, 'query'] };
  }
  const startTimeout = typeof slo.warehouse_start_timeout_s === 'number' ? slo.warehouse_start_timeout_s : DEFAULT_WAREHOUSE_START_TIMEOUT_S;
  return { queries, scaling, warehouseStartTimeoutMs: startTimeout * 1000 };
}

export function isSettingsProblem(value: SloSettings | SettingsProblem): value is SettingsProblem {
  return 'message' in value;
}

function boundsOf(entry: JsonObject): LatencyObjective {
  return {
    ...(typeof entry.p50_ms === 'number' ? { p50_ms: entry.p50_ms } : {}),
    ...(typeof entry.p95_ms === 'number' ? { p95_ms: entry.p95_ms } : {}),
  };
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
