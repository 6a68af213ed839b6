import { breachesOf, describeBreach, type LatencyObjective } from './objectives.js';
import { latencyStats } from './percentiles.js';
import { ensureRunning, timeStatement, WarehouseUnavailable, type Clock, type RunOutcome, type StatementCalls, type WarehouseCalls } from './measure.js';
import type { QueryObjective, ScalingObjective, SloSettings } from './settings.js';

/** What `dataops slo` needs from the outside world. */
export interface SloCapabilities {
  statements: StatementCalls;
  warehouses: WarehouseCalls;
  clock: Clock;
  /** The warehouse id a query's `warehouse` setting names (variables and lookups resolved). */
  warehouseId(query: QueryObjective): Promise<string>;
  /** The statement of a query (`sql`, or the text of `file`). */
  sqlOf(query: QueryObjective): Promise<string>;
  progress(text: string): void;
}

export interface WarehouseReport {
  id: string;
  name: string;
  /** The state found before dataops started it. */
  state: string;
  /** Time from the check to RUNNING; null when it was running already. Never part of query times. */
  cold_start_ms: number | null;
  error: string | null;
}

export interface MeasuredReport {
  name: string;
  runs: number;
  p50_ms: number | null;
  p95_ms: number | null;
  max_ms: number | null;
  objective: LatencyObjective;
  breached: boolean;
  breaches: string[];
  /** Why the measurement could not finish (a failed or cancelled run, a refused setting). */
  error: string | null;
}

export interface QueryReport extends MeasuredReport {
  warehouse_id: string;
  rows: number | null;
  warmup: number;
  result_cache: boolean;
}

export interface ScalingReport extends MeasuredReport {
  query: string;
  concurrency: number;
}

export interface SloReport {
  /** The first warehouse (the only one, in most projects). */
  warehouse: WarehouseReport | null;
  warehouses: WarehouseReport[];
  queries: QueryReport[];
  scaling: ScalingReport[];
  ok: boolean;
}

export const DISABLE_RESULT_CACHE = 'SET use_cached_result = false';

interface Prepared {
  query: QueryObjective;
  sql: string;
  warehouseId: string;
}

/**
 * Measures every objective: warehouses first (started if needed; the cold start is reported
 * on its own), then each query's warm-up and measured runs one after another, then the
 * scaling checks with their concurrent submissions.
 */
export async function checkSlos(settings: SloSettings, caps: SloCapabilities): Promise<SloReport> {
  const prepared: Prepared[] = [];
  for (const query of settings.queries) prepared.push({ query, sql: await caps.sqlOf(query), warehouseId: await caps.warehouseId(query) });

  const warehouses = new Map<string, WarehouseReport>();
  for (const id of new Set(prepared.map((p) => p.warehouseId))) {
    caps.progress(`checking warehouse ${id}`);
    warehouses.set(id, await readiness(caps, id, settings.warehouseStartTimeoutMs));
  }

  const queries: QueryReport[] = [];
  for (const item of prepared) {
    caps.progress(`measuring ${item.query.name}: ${item.query.warmup} warm-up and ${item.query.runs} measured runs`);
    queries.push(await measureQuery(caps, item, warehouses.get(item.warehouseId)));
  }
  const scaling: ScalingReport[] = [];
  for (const check of settings.scaling) {
    const item = prepared.find((p) => p.query.name === check.query);
    if (!item) continue;
    caps.progress(`scaling ${check.query}: ${check.concurrency} submissions at once`);
    scaling.push(await measureScaling(caps, item, check, warehouses.get(item.warehouseId)));
  }
  const all = [...warehouses.values()];
  const ok = all.every((w) => w.error === null) && [...queries, ...scaling].every((r) => r.error === null && !r.breached);
  return { warehouse: all[0] ?? null, warehouses: all, queries, scaling, ok };
}

async function readiness(caps: SloCapabilities, id: string, timeoutMs: number): Promise<WarehouseReport> {
  try {
    const ready = await ensureRunning(caps.warehouses, caps.clock, id, { timeoutMs });
    return { id, name: ready.name, state: ready.state, cold_start_ms: ready.coldStartMs === null ? null : Math.round(ready.coldStartMs), error: null };
  } catch (error) {
    if (!(error instanceof WarehouseUnavailable)) throw error;
    return { id, name: error.warehouseName, state: error.state, cold_start_ms: null, error: error.message };
  }
}

async function measureQuery(caps: SloCapabilities, item: Prepared, warehouse: WarehouseReport | undefined): Promise<QueryReport> {
  const { query } = item;
  const base = { warehouse_id: item.warehouseId, warmup: query.warmup, result_cache: query.resultCache };
  const failed = (error: string, samples: number[] = []): QueryReport => ({ ...measured(query.name, samples, query.objective, error), ...base, rows: null });
  if (warehouse?.error) return failed(`not measured: ${warehouse.error}`);
  const refused = await prepareSession(caps, item);
  if (refused) return failed(refused);
  const run = (): Promise<RunOutcome> => timeStatement(caps.statements, caps.clock, { statement: item.sql, warehouseId: item.warehouseId }, { timeoutMs: query.timeoutMs });
  for (let i = 0; i < query.warmup; i++) {
    const outcome = await run();
    if (!outcome.ok) return failed(`warm-up run ${i + 1} ${describeFailure(outcome)}`);
  }
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < query.runs; i++) {
    const outcome = await run();
    if (!outcome.ok) return failed(`run ${i + 1} of ${query.runs} ${describeFailure(outcome)}`, samples);
    samples.push(outcome.ms);
    rows = outcome.rows;
  }
  return { ...measured(query.name, samples, query.objective, null), ...base, rows };
}

async function measureScaling(caps: SloCapabilities, item: Prepared, check: ScalingObjective, warehouse: WarehouseReport | undefined): Promise<ScalingReport> {
  const name = `${check.query} ×${check.concurrency}`;
  const base = { query: check.query, concurrency: check.concurrency };
  if (warehouse?.error) return { ...measured(name, [], check.objective, `not measured: ${warehouse.error}`), ...base };
  const refused = await prepareSession(caps, item);
  if (refused) return { ...measured(name, [], check.objective, refused), ...base };
  const outcomes = await Promise.all(
    Array.from({ length: check.concurrency }, () =>
      timeStatement(caps.statements, caps.clock, { statement: item.sql, warehouseId: item.warehouseId }, { timeoutMs: item.query.timeoutMs }),
    ),
  );
  const failures = outcomes.filter((o): o is Extract<RunOutcome, { ok: false }> => !o.ok);
  const samples = outcomes.flatMap((o) => (o.ok ? [o.ms] : []));
  const first = failures[0];
  const error = first ? `${failures.length} of ${check.concurrency} concurrent runs ${describeFailure(first)}` : null;
  return { ...measured(name, samples, check.objective, error), ...base };
}

/** Turns the result cache off unless the objective allows it; the refusal of the setting, if any. */
async function prepareSession(caps: SloCapabilities, item: Prepared): Promise<string | null> {
  if (item.query.resultCache) return null;
  const outcome = await timeStatement(caps.statements, caps.clock, { statement: DISABLE_RESULT_CACHE, warehouseId: item.warehouseId }, { timeoutMs: item.query.timeoutMs });
  return outcome.ok ? null : `the warehouse refused "${DISABLE_RESULT_CACHE}" (${outcome.message}); set result_cache: true to measure with the cache`;
}

function measured(name: string, samples: number[], objective: LatencyObjective, error: string | null): MeasuredReport {
  if (samples.length === 0) return { name, runs: 0, p50_ms: null, p95_ms: null, max_ms: null, objective, breached: false, breaches: [], error };
  // Whole milliseconds: the breach decision is made on the numbers the report shows.
  const stats = latencyStats(samples.map(Math.round));
  const breaches = breachesOf(stats, objective).map(describeBreach);
  return { name, runs: stats.runs, p50_ms: stats.p50, p95_ms: stats.p95, max_ms: stats.max, objective, breached: breaches.length > 0, breaches, error };
}

function describeFailure(outcome: Extract<RunOutcome, { ok: false }>): string {
  return outcome.state === 'TIMEOUT' ? `timed out: ${outcome.message}` : `ended ${outcome.state}: ${outcome.message}`;
}
