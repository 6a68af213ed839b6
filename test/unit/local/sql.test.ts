import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceApiError } from '../../../src/adapters/workspace/transport.js';
import { ROWS_PER_CHUNK } from '../../../src/local/api/statements.js';
import { resultBytes } from '../../../src/local/sql/held-results.js';
import { startHarness, TestClock, type Harness } from './harness.js';

let h: Harness;
let warehouseId: string;

beforeAll(async () => {
  h = await startHarness();
  warehouseId = (await h.client().warehouses.list())[0]?.id ?? '';
});
afterAll(() => h.close());

describe('SQL warehouses and the Statement Execution API (DuckDB)', () => {
  it('runs real SQL and answers in the JSON_ARRAY format with Databricks type names', async () => {
    const outcome = await h.client().statements.run({
      warehouse_id: warehouseId,
      statement: "SELECT 42 AS answer, 'a' || 'b' AS text, DATE '2026-01-02' AS day, 1.5::DOUBLE AS ratio, CAST(NULL AS VARCHAR) AS nothing",
    });
    expect(outcome.state).toBe('SUCCEEDED');
    expect(outcome.columns.map((c) => [c.name, c.type_name])).toEqual([
      ['answer', 'INT'],
      ['text', 'STRING'],
      ['day', 'DATE'],
      ['ratio', 'DOUBLE'],
      ['nothing', 'STRING'],
    ]);
    expect(outcome.rows).toEqual([['42', 'ab', '2026-01-02', '1.5', null]]);
  });

  it('binds named parameters, keeps tables between statements, and splits large results into chunks', async () => {
    const ws = h.client();
    await ws.statements.run({ warehouse_id: warehouseId, statement: 'CREATE TABLE orders AS SELECT range AS id, range % 7 AS shop FROM range(2500)' });
    const counted = await ws.statements.run({
      warehouse_id: warehouseId,
      statement: 'SELECT count(*) AS n FROM orders WHERE shop = :shop',
      parameters: [{ name: 'shop', value: '3', type: 'INT' }],
    });
    expect(counted.rows).toEqual([['357']]);

    const all = await ws.statements.run({ warehouse_id: warehouseId, statement: 'SELECT id FROM orders ORDER BY id' });
    expect(all.rows).toHaveLength(2500);
    expect(all.rows.at(-1)).toEqual(['2499']);
    const first = await ws.statements.execute({ warehouse_id: warehouseId, statement: 'SELECT id FROM orders', wait_timeout: '5s' });
    expect(first.manifest?.total_chunk_count).toBe(Math.ceil(2500 / ROWS_PER_CHUNK));
    expect(first.result?.next_chunk_index).toBe(1);
  });

  it('reports a SQL error as a FAILED statement, not an HTTP error', async () => {
    const outcome = await h.client().statements.run({ warehouse_id: warehouseId, statement: 'SELEC 1' });
    expect(outcome.state).toBe('FAILED');
    expect(outcome.error?.message).toMatch(/syntax error/i);
  });

  it('answers at once with wait_timeout 0s and refuses a wait_timeout outside 5 to 50 seconds', async () => {
    const ws = h.client();
    const submitted = await ws.statements.execute({ warehouse_id: warehouseId, statement: 'SELECT 1', wait_timeout: '0s' });
    expect(['PENDING', 'RUNNING', 'SUCCEEDED']).toContain(submitted.status.state);
    const refused = await ws.statements.execute({ warehouse_id: warehouseId, statement: 'SELECT 1', wait_timeout: '3s' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkspaceApiError);
    expect((refused as WorkspaceApiError).errorCode).toBe('INVALID_PARAMETER_VALUE');
  });

  it('stops and starts a warehouse through STOPPING and STARTING, and a statement waits for it to run', async () => {
    const ws = h.client();
    await ws.warehouses.stop(warehouseId);
    expect((await ws.warehouses.get(warehouseId)).state).toBe('STOPPING');
    const outcome = await ws.statements.run({ warehouse_id: warehouseId, statement: 'SELECT 7' });
    expect(outcome.rows).toEqual([['7']]);
    expect((await ws.warehouses.get(warehouseId)).state).toBe('RUNNING');
  });

  it('cancels a statement when on_wait_timeout is CANCEL and the statement is not done in time', async () => {
    const ws = h.client();
    await ws.warehouses.stop(warehouseId);
    const response = await ws.statements.execute({ warehouse_id: warehouseId, statement: 'SELECT 1', wait_timeout: '0s', on_wait_timeout: 'CANCEL' });
    expect(response.status.state).toBe('CANCELED');
  });
});

describe('statement results expire as the Statement Execution API lets them', () => {
  const clock = new TestClock();
  let small: Harness;
  let smallWarehouse: string;
  // 50 rows of one short cell weigh about 4 KB as the server counts; the budget holds two such results.
  const fiftyRows = 'SELECT range AS id FROM range(50)';

  beforeAll(async () => {
    small = await startHarness({ clock, results: { lifetimeMs: 60_000, budgetBytes: 2 * resultBytes(Array.from({ length: 50 }, () => ['10'])) + 100 } });
    smallWarehouse = (await small.client().warehouses.list())[0]?.id ?? '';
  });
  afterAll(() => small.close());

  it('answers a result until its lifetime has passed, then CLOSED with no result, and refuses its chunks', async () => {
    const ws = small.client();
    const sent = await ws.statements.execute({ warehouse_id: smallWarehouse, statement: 'SELECT 1 AS one' });
    expect(sent.status.state).toBe('SUCCEEDED');
    clock.advance(59_000);
    expect((await ws.statements.get(sent.statement_id)).result?.data_array).toEqual([['1']]);
    expect((await ws.statements.getChunk(sent.statement_id, 0)).data_array).toEqual([['1']]);

    clock.advance(1_000);
    const closed = await ws.statements.get(sent.statement_id);
    expect(closed.status.state).toBe('CLOSED');
    expect(closed.result).toBeUndefined();
    expect(closed.manifest).toBeUndefined();
    const refused = await ws.statements.getChunk(sent.statement_id, 0).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkspaceApiError);
    expect((refused as WorkspaceApiError).errorCode).toBe('INVALID_STATE');
    expect((refused as WorkspaceApiError).message).toMatch(/CLOSED.*run the statement again/);
  });

  it('closes the oldest results first when newer ones need the budget, and answers the newest in full', async () => {
    const ws = small.client();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await ws.statements.execute({ warehouse_id: smallWarehouse, statement: fiftyRows })).statement_id);
    const states = await Promise.all(ids.map(async (id) => (await ws.statements.get(id)).status.state));
    expect(states).toEqual(['CLOSED', 'SUCCEEDED', 'SUCCEEDED']);

    const big = await ws.statements.run({ warehouse_id: smallWarehouse, statement: 'SELECT range AS id FROM range(2500)' });
    expect(big.rows).toHaveLength(2500);
    expect(await Promise.all(ids.map(async (id) => (await ws.statements.get(id)).status.state))).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
  });

  it('forgets a finished statement 12 hours after it ended: calls for it get 404', async () => {
    const ws = small.client();
    const sent = await ws.statements.execute({ warehouse_id: smallWarehouse, statement: 'SELECT 2' });
    clock.advance(12 * 60 * 60 * 1000 - 1);
    expect((await ws.statements.get(sent.statement_id)).status.state).toBe('CLOSED');
    clock.advance(1);
    const gone = await ws.statements.get(sent.statement_id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(WorkspaceApiError);
    expect((gone as WorkspaceApiError).status).toBe(404);
  });
});
