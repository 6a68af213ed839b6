import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkspaceClient } from '../../../src/adapters/workspace/client.js';
import { checkSlos, type SloReport } from '../../../src/core/slo/check.js';
import type { QueryObjective, SloSettings } from '../../../src/core/slo/settings.js';
import { STARTING_MS } from '../../../src/local/api/warehouses.js';
import type { FaultOptions } from '../../../src/local/faults.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../../src/local/server.js';
import { openDuckDb } from '../../../src/local/sql/duckdb.js';
import type { SqlEngine } from '../../../src/local/sql/engine.js';

/**
 * `dataops slo`'s measurement against a real local workspace: HTTP on 127.0.0.1, the REST
 * client, DuckDB behind the Statement Execution API, the server's latency injection.
 */
interface Local {
  workspace: LocalWorkspace;
  client: WorkspaceClient;
  warehouseId: string;
  /** Every statement the warehouse ran, in order. */
  statements: string[];
  /** Every call the server answered: `METHOD /path status`. */
  requests: string[];
}

const opened: Array<{ workspace: LocalWorkspace; dir: string }> = [];
afterEach(async () => {
  for (const { workspace, dir } of opened.splice(0)) {
    await workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * DuckDB, recording what it is asked, and answering Databricks' `SET use_cached_result` as a
 * Databricks warehouse does (DuckDB has no such setting; see the report on dataops local).
 */
function recordingEngine(dir: string, statements: string[]): () => Promise<SqlEngine> {
  return async () => {
    const duckdb = await openDuckDb(path.join(dir, 'warehouse.duckdb'));
    return {
      run: (sql, parameters) => {
        statements.push(sql);
        return duckdb.run(sql, parameters);
      },
      interrupt: () => duckdb.interrupt(),
      close: () => duckdb.close(),
    };
  };
}

async function startLocal(faults: Partial<FaultOptions> = {}): Promise<Local> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-slo-'));
  const statements: string[] = [];
  const requests: string[] = [];
  const workspace = await startLocalWorkspace({ dataDir: dir, port: 0, faults, sqlEngine: recordingEngine(dir, statements), onRequest: (line) => requests.push(line) });
  opened.push({ workspace, dir });
  const token = workspace.identities.developer.token;
  const client = new WorkspaceClient({ host: workspace.url, kind: 'pat', source: 'environment', profile: null, authorization: () => Promise.resolve(`Bearer ${token}`) });
  const warehouseId = (await client.warehouses.list())[0]?.id ?? '';
  return { workspace, client, warehouseId, statements, requests };
}

function query(overrides: Partial<QueryObjective> = {}): QueryObjective {
  return { name: 'orders', sql: 'SELECT i FROM range(0, 2500) AS r(i)', warehouse: 'w', objective: {}, runs: 5, warmup: 1, resultCache: false, timeoutMs: 30_000, path: ['slo', 'queries', 0], ...overrides };
}

function check(local: Local, queries: QueryObjective[], scaling: SloSettings['scaling'] = []): Promise<SloReport> {
  return checkSlos(
    { queries, scaling, warehouseStartTimeoutMs: 30_000 },
    {
      statements: local.client.statements,
      warehouses: local.client.warehouses,
      clock: { now: () => performance.now(), sleep: (ms) => sleep(ms) },
      warehouseId: () => Promise.resolve(local.warehouseId),
      sqlOf: (q) => Promise.resolve(q.sql ?? ''),
      progress: () => undefined,
    },
  );
}

describe('dataops slo against dataops local', () => {
  it('turns the result cache off before the runs, unless the objective allows it, and reads every chunk', async () => {
    const local = await startLocal();
    const report = await check(local, [query(), query({ name: 'cached', sql: 'SELECT 42 AS answer', resultCache: true, runs: 2, warmup: 0 })]);
    expect(local.statements).toEqual(['SET use_cached_result = false', ...Array<string>(6).fill('SELECT i FROM range(0, 2500) AS r(i)'), 'SELECT 42 AS answer', 'SELECT 42 AS answer']);
    expect(report.queries.map((q) => [q.name, q.runs, q.rows, q.result_cache, q.error])).toEqual([
      ['orders', 5, 2500, false, null],
      ['cached', 2, 1, true, null],
    ]);
    // 2500 rows come in three chunks: the first with the statement, two more fetched.
    expect(local.requests.filter((r) => /\/result\/chunks\/\d+ 200$/.test(r))).toHaveLength(2 * 6);
    expect(report.ok).toBe(true);
  });

  it('counts at least the injected latency of the submit and of one poll in every run', async () => {
    const latencyMs = 60;
    const local = await startLocal({ latencyMs });
    const report = await check(local, [query({ sql: 'SELECT 1', objective: { p50_ms: latencyMs } })]);
    const measured = report.queries[0];
    expect(measured?.p50_ms ?? 0).toBeGreaterThanOrEqual(2 * latencyMs);
    expect(measured?.p95_ms ?? 0).toBeGreaterThanOrEqual(measured?.p50_ms ?? Infinity);
    expect(measured?.max_ms).toBe(measured?.p95_ms);
    expect(measured).toMatchObject({ breached: true, breaches: [`p50 ${measured?.p50_ms ?? 0} ms > ${latencyMs} ms`] });
    // The cache setting, the warm-up and five measured runs: one submit each.
    expect(local.requests.filter((r) => r.startsWith('POST /api/2.0/sql/statements 200'))).toHaveLength(1 + 1 + 5);
  });

  it('reports a failed statement as the query error, not a sample', async () => {
    const local = await startLocal();
    const report = await check(local, [query({ sql: 'SELECT * FROM sales_that_do_not_exist', warmup: 0 })]);
    expect(report.queries[0]).toMatchObject({ runs: 0, p50_ms: null, error: expect.stringMatching(/^run 1 of 5 ended FAILED: BAD_REQUEST: Catalog Error: Table with name sales_that_do_not_exist does not exist/) as unknown });
    expect(report.ok).toBe(false);
  });

  it('cancels a run that passes its timeout', async () => {
    const local = await startLocal({ latencyMs: 150 });
    const report = await check(local, [query({ timeoutMs: 100, warmup: 0, resultCache: true })]);
    expect(report.queries[0]?.error).toMatch(/^run 1 of 5 timed out: still (PENDING|RUNNING) after 100 ms: cancelled$/);
    expect(local.requests.some((r) => /^POST \/api\/2\.0\/sql\/statements\/[\w-]+\/cancel 200$/.test(r))).toBe(true);
  });

  it('starts a stopped warehouse first and reports the cold start apart from the query times', async () => {
    const local = await startLocal();
    await local.client.warehouses.stop(local.warehouseId);
    const report = await check(local, [query({ runs: 3 })]);
    expect(report.warehouse?.state).toMatch(/^(STOPPING|STOPPED)$/);
    expect(report.warehouse?.cold_start_ms ?? 0).toBeGreaterThanOrEqual(STARTING_MS);
    // Nothing was submitted until the warehouse ran: the first statement follows the last warehouse poll.
    const firstSubmit = local.requests.findIndex((r) => r.startsWith('POST /api/2.0/sql/statements'));
    const lastWarehousePoll = local.requests.findLastIndex((r) => r.startsWith(`GET /api/2.0/sql/warehouses/${local.warehouseId}`));
    expect(firstSubmit).toBeGreaterThan(lastWarehousePoll);
    expect(report.queries[0]?.max_ms ?? Infinity).toBeLessThan(report.warehouse?.cold_start_ms ?? 0);
  });

  it('measures a scaling check over its concurrent submissions', async () => {
    const local = await startLocal();
    const report = await check(local, [query({ runs: 1, warmup: 0, resultCache: true })], [{ query: 'orders', concurrency: 6, objective: { p95_ms: 60_000 }, path: ['slo', 'scaling', 0] }]);
    expect(report.scaling[0]).toMatchObject({ name: 'orders ×6', runs: 6, breached: false, error: null });
    expect(local.requests.filter((r) => r.startsWith('POST /api/2.0/sql/statements 200'))).toHaveLength(1 + 6);
  });
});
