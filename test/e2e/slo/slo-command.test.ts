import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { LocalDeployment } from '../testing/local-deployment.js';

interface Report {
  warehouse: { id: string; state: string; cold_start_ms: number | null };
  queries: Array<{ name: string; runs: number; p50_ms: number; p95_ms: number; max_ms: number; rows: number; objective: Record<string, number>; breached: boolean }>;
  scaling: Array<{ name: string; concurrency: number; runs: number; p95_ms: number; breached: boolean }>;
  ok: boolean;
}

const LATENCY_MS = 40;

/** Objectives on the fixture's queries; measured with the result cache off, the default. */
function objectives(p95: number): string {
  return `slo:
  queries:
    - name: daily_orders
      file: queries/daily_orders.sql
      warehouse: \${var.warehouse_id}
      p50_ms: 60000
      p95_ms: 60000
      runs: 5
    - name: order_lines
      sql: SELECT i AS line FROM range(0, 2500) AS r(i)
      warehouse: \${var.warehouse_id}
      p95_ms: ${p95}
      runs: 4
  scaling:
    - query: order_lines
      concurrency: 4
      p95_ms: 60000
`;
}

describe(`dataops slo (the built binary, dataops local --latency ${LATENCY_MS})`, () => {
  const project = new LocalDeployment('slo-project');
  const settings = path.join(project.project, 'dataops.yml');
  const slo = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => dataopsAsync(['slo', ...args], { cwd: project.project, env: { ...project.env, ...env } });

  beforeAll(() => project.up(['--latency', String(LATENCY_MS)]));
  afterAll(() => project.remove());

  it('measures each query to its last chunk and prints the report as JSON', async () => {
    writeFileSync(settings, objectives(60_000));
    const result = await slo(['--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.warehouse).toMatchObject({ state: 'RUNNING', cold_start_ms: null });
    expect(report.warehouse.id).toMatch(/^[0-9a-f]{16}$/);
    expect(report.queries.map((q) => [q.name, q.runs, q.rows, q.breached])).toEqual([
      ['daily_orders', 5, 30, false],
      ['order_lines', 4, 2500, false],
    ]);
    for (const q of report.queries) {
      // Every run is at least a submit and a poll, each delayed by the server.
      expect(q.p50_ms).toBeGreaterThanOrEqual(2 * LATENCY_MS);
      expect(q.max_ms).toBeGreaterThanOrEqual(q.p95_ms);
      expect(q.p95_ms).toBeGreaterThanOrEqual(q.p50_ms);
    }
    expect(report.queries[0]?.objective).toEqual({ p50_ms: 60000, p95_ms: 60000 });
    expect(report.scaling[0]).toMatchObject({ name: 'order_lines ×4', concurrency: 4, runs: 4, breached: false });
    expect(result.stderr).toMatch(/^daily_orders\s+5\s+\d+ ms\s+\d+ ms\s+\d+ ms\s+30\s+p50 ≤ 60000 ms, p95 ≤ 60000 ms\s+ok$/m);
  });

  it('exits 1 on a breach, with an annotation at the objective in dataops.yml and a step summary', async () => {
    writeFileSync(settings, objectives(LATENCY_MS));
    const stepSummary = path.join(project.work, 'slo-summary.md');
    const result = await slo(['--json'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const breached = report.queries[1];
    expect(breached).toMatchObject({ name: 'order_lines', breached: true });
    expect(report.ok).toBe(false);
    expect(result.stderr).toContain(`::error file=dataops.yml,line=9,title=slo order_lines::BREACH p95 ${breached?.p95_ms ?? 0} ms > ${LATENCY_MS} ms`);
    expect(readFileSync(stepSummary, 'utf8')).toContain('### ❌ dataops slo');
  });

  it('starts a stopped warehouse and reports its cold start apart', async () => {
    writeFileSync(settings, objectives(60_000));
    const warehouses = await project.api<{ warehouses: Array<{ id: string }> }>('GET', '/api/2.0/sql/warehouses');
    const id = warehouses.warehouses[0]?.id ?? '';
    await project.api('POST', `/api/2.0/sql/warehouses/${id}/stop`);
    const result = await slo();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`warehouse Serverless Starter Warehouse \\(${id}\\): was (STOPPING|STOPPED), started in \\d+(\\.\\d)? (ms|s) \\(cold start, not counted in query times\\)`));
  });

  it('points at the setting to fix', async () => {
    writeFileSync(settings, objectives(60_000).replace('${var.warehouse_id}', '${var.sql_warehouse}'));
    const unknown = await slo();
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: slo query daily_orders: the bundle defines no variable sql_warehouse (dataops.yml:5:18)');

    writeFileSync(settings, objectives(60_000).replace('runs: 5', 'runs: 0'));
    const invalid = await slo();
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/dataops\.yml: slo\.queries\.0\.runs must be >= 1.*\(dataops\.yml:8:\d+\)/);

    writeFileSync(settings, 'validate: {}\n');
    const none = await slo();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('dataops.yml declares no latency objectives (slo.queries)');
  });
});
