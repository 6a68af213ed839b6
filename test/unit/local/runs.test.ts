import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import type { WorkspaceClient } from '../../../src/adapters/workspace/client.js';
import type { JobTask, Run } from '../../../src/core/workspace-api.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let ws: WorkspaceClient;
let warehouseId = '';

beforeAll(async () => {
  h = await startHarness();
  ws = h.client();
  warehouseId = (await ws.warehouses.list())[0]?.id ?? '';
  await ws.workspace.mkdirs('/Workspace/Shared/project');
});
afterAll(() => h.close());

const put = (path: string, text: string): Promise<void> => ws.workspace.importFile(path, Buffer.from(text), { overwrite: true });

async function runToEnd(tasks: JobTask[], extra: Record<string, unknown> = {}): Promise<Run> {
  const { job_id } = await ws.jobs.create({ name: `job ${Math.random()}`, tasks, ...extra });
  const { run_id } = await ws.jobs.runNow({ job_id });
  for (let i = 0; i < 600; i++) {
    const run = await ws.jobs.getRun(run_id);
    if (run.state.life_cycle_state === 'TERMINATED' || run.state.life_cycle_state === 'INTERNAL_ERROR') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${run_id} did not end`);
}

const NOTEBOOK = '# Databricks notebook source\n';

describe('job runs run their code on the local workspace', () => {
  it('a notebook that raises fails the run; get-output carries its error and the traceback at the notebook line', async () => {
    await put('/Workspace/Shared/project/broken.py', `${NOTEBOOK}print("loading")\n\n# COMMAND ----------\n\ntotal = 1 / 0\n`);
    const run = await runToEnd([{ task_key: 'ingest', notebook_task: { notebook_path: '/Workspace/Shared/project/broken' } }]);
    expect(run.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'FAILED' });
    expect(run.state.state_message).toContain('Task ingest failed with message: ZeroDivisionError: division by zero');
    const output = await ws.jobs.getRunOutput(run.tasks[0]?.run_id ?? 0);
    expect(output.error).toBe('ZeroDivisionError: division by zero');
    expect(output.error_trace).toContain('File "/Workspace/Shared/project/broken", line 6');
    expect(output.logs).toContain('loading');
  });

  it('a notebook gets the job parameters as widgets, runs Databricks SQL on the warehouse and exits with a value', async () => {
    await put(
      '/Workspace/Shared/project/load.py',
      [
        NOTEBOOK.trim(),
        'dbutils.widgets.text("schema", "unset")',
        'schema = dbutils.widgets.get("schema")',
        'spark.sql(f"CREATE SCHEMA IF NOT EXISTS `main`.`{schema}`")',
        'spark.sql(f"CREATE OR REPLACE TABLE main.{schema}.orders AS SELECT o_orderkey AS id, o_orderdate AS day FROM samples.tpch.orders")',
        'recent = spark.sql(f"SELECT count(*) AS n FROM main.{schema}.orders WHERE day >= date_sub(current_date(), 30)").collect()[0].n',
        'dbutils.notebook.exit(str(recent))',
        '',
      ].join('\n'),
    );
    const run = await runToEnd([{ task_key: 'load', notebook_task: { notebook_path: '/Shared/project/load' } }], { parameters: [{ name: 'schema', default: 'runs_test' }] });
    const output = await ws.jobs.getRunOutput(run.tasks[0]?.run_id ?? 0);
    expect(run.state.result_state, output.error_trace).toBe('SUCCESS');
    const counted = await ws.statements.run({ warehouse_id: warehouseId, statement: 'SELECT count(*) FROM main.runs_test.orders WHERE day >= date_sub(current_date(), 30)' });
    expect(output.notebook_output?.result).toBe(counted.rows[0]?.[0]);
    expect(Number(output.notebook_output?.result)).toBeGreaterThan(0);
  });

  it('a SQL file task with a syntax error fails at its line; the tasks after it do not run', async () => {
    await put('/Workspace/Shared/project/check.sql', '-- a check\nSELECT count(*)\nFROM samples.tpch.orders\nWHERE o_orderdate >= date_sub(current_date(), 90\nORDER BY 1\n');
    const run = await runToEnd([
      { task_key: 'check', sql_task: { warehouse_id: warehouseId, file: { path: '/Workspace/Shared/project/check.sql' } } },
      { task_key: 'after', depends_on: [{ task_key: 'check' }], spark_python_task: { python_file: '/Workspace/Shared/project/never.py' } },
    ]);
    expect(run.state.result_state).toBe('FAILED');
    const [check, after] = run.tasks;
    expect(check?.state.result_state).toBe('FAILED');
    expect(check?.state.state_message).toMatch(/\[PARSE_SYNTAX_ERROR\].*\(line 5, pos \d+\)/);
    expect(after?.state.result_state).toBe('UPSTREAM_FAILED');
  });

  it('a SQL file task passes the job parameters to the query; a Python file task gets its parameters as arguments', async () => {
    await put('/Workspace/Shared/project/ok.sql', "SELECT assert_true(count(*) > 0, 'no orders') FROM IDENTIFIER(:catalog || '.tpch.orders')\n");
    await put('/Workspace/Shared/project/args.py', 'import sys\nprint("args:", sys.argv[1:])\nassert sys.argv[1:] == ["--day", "2026-01-01"], sys.argv\n');
    const run = await runToEnd(
      [
        { task_key: 'sql', sql_task: { warehouse_id: warehouseId, file: { path: '/Workspace/Shared/project/ok.sql' } } },
        { task_key: 'py', depends_on: [{ task_key: 'sql' }], spark_python_task: { python_file: '/Workspace/Shared/project/args.py', parameters: ['--day', '{{job.parameters.day}}'] } },
      ],
      { parameters: [{ name: 'catalog', default: 'samples' }, { name: 'day', default: '2026-01-01' }] },
    );
    const outputs = await Promise.all(run.tasks.map((task) => ws.jobs.getRunOutput(task.run_id)));
    expect(run.state.result_state, JSON.stringify(outputs.map((o) => o.error))).toBe('SUCCESS');
    expect(outputs[1]?.logs).toContain("args: ['--day', '2026-01-01']");
  });

  it('cancels a running task by stopping its process', async () => {
    await put('/Workspace/Shared/project/slow.py', 'import time\nprint("started", flush=True)\ntime.sleep(60)\n');
    const { job_id } = await ws.jobs.create({ name: 'slow', tasks: [{ task_key: 'slow', spark_python_task: { python_file: '/Workspace/Shared/project/slow.py' } }] });
    const { run_id } = await ws.jobs.runNow({ job_id });
    while ((await ws.jobs.getRun(run_id)).tasks[0]?.state.life_cycle_state !== 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 50));
    await ws.jobs.cancelRun(run_id);
    let run = await ws.jobs.getRun(run_id);
    for (let i = 0; i < 100 && run.state.life_cycle_state !== 'TERMINATED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = await ws.jobs.getRun(run_id);
    }
    expect(run.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'CANCELED' });
    expect(run.execution_duration).toBeLessThan(30_000);
  });
});

describe('pipeline updates run their sources', () => {
  const source = (body: string): string => `from pyspark import pipelines as dp\nfrom pyspark.sql import functions as F\n\n${body}`;

  async function updateToEnd(pipelineId: string): Promise<string> {
    const { update_id } = await ws.pipelines.startUpdate(pipelineId);
    for (let i = 0; i < 600; i++) {
      const { state } = await ws.pipelines.getUpdate(pipelineId, update_id);
      if (state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELED') return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the update did not end');
  }

  it('materialises the datasets in the order they read each other, with expectations counted in the event log', async () => {
    await put(
      '/Workspace/Shared/project/pipeline.py',
      source(
        [
          '@dp.materialized_view',
          'def per_status():',
          '    return spark.read.table("clean_orders").groupBy("o_orderstatus").agg(F.count("o_orderkey").alias("orders"))',
          '',
          '@dp.table(comment="orders")',
          '@dp.expect_or_drop("cheap", "o_totalprice < 500")',
          '@dp.expect("recent", "o_orderdate >= date_sub(current_date(), 10)")',
          'def clean_orders():',
          '    return spark.readStream.table("samples.tpch.orders")',
          '',
        ].join('\n'),
      ),
    );
    const { pipeline_id } = await ws.pipelines.create({ name: 'orders', catalog: 'main', schema: 'pipeline_test', libraries: [{ file: { path: '/Workspace/Shared/project/pipeline.py' } }] });
    await ws.statements.run({ warehouse_id: warehouseId, statement: 'CREATE SCHEMA IF NOT EXISTS main.pipeline_test' });
    expect(await updateToEnd(pipeline_id)).toBe('COMPLETED');
    const expected = await ws.statements.run({ warehouse_id: warehouseId, statement: 'SELECT count(*) FILTER (WHERE o_totalprice < 500), count(*) FROM samples.tpch.orders' });
    const [kept = '0', total = '0'] = expected.rows[0] ?? [];
    const written = await ws.statements.run({ warehouse_id: warehouseId, statement: 'SELECT sum(orders) FROM main.pipeline_test.per_status' });
    expect(written.rows[0]?.[0]).toBe(kept);
    const events = await collect(ws.pipelines.listEvents(pipeline_id));
    const flow = events.find((event) => event.event_type === 'flow_progress' && event.message.includes('clean_orders'));
    expect(flow?.details).toMatchObject({
      flow_progress: { data_quality: { expectations: expect.arrayContaining([{ name: 'cheap', dataset: 'clean_orders', passed_records: Number(kept), failed_records: Number(total) - Number(kept) }]) } },
    });
  });

  it('fails an update whose source does not compile, with an ERROR event naming the file and line', async () => {
    await put('/Workspace/Shared/project/broken_pipeline.py', source('@dp.table\ndef orders(:\n    return spark.read.table("x")\n'));
    const { pipeline_id } = await ws.pipelines.create({ name: 'broken', catalog: 'main', schema: 'pipeline_test', libraries: [{ file: { path: '/Workspace/Shared/project/broken_pipeline.py' } }] });
    expect(await updateToEnd(pipeline_id)).toBe('FAILED');
    const events = await collect(ws.pipelines.listEvents(pipeline_id));
    const error = events.find((event) => event.level === 'ERROR');
    expect(error?.error?.exceptions[0]?.message).toMatch(/^SyntaxError: .*\(\/Workspace\/Shared\/project\/broken_pipeline\.py, line 5\)/);
  });

  it('checks SQL sources: one that parses completes (with a warning that SQL datasets are not run), one that does not fails at its line', async () => {
    await put('/Workspace/Shared/project/good.sql', 'CREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT o_orderdate, count(*) FROM samples.tpch.orders GROUP BY 1\n');
    await put('/Workspace/Shared/project/bad.sql', 'CREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT o_orderdate, count(*)\nFROM samples.tpch.orders WHERE (o_orderdate > 1 GROUP BY 1\n');
    const good = await ws.pipelines.create({ name: 'sql good', catalog: 'main', schema: 'pipeline_test', libraries: [{ file: { path: '/Workspace/Shared/project/good.sql' } }] });
    expect(await updateToEnd(good.pipeline_id)).toBe('COMPLETED');
    expect((await collect(ws.pipelines.listEvents(good.pipeline_id))).find((event) => event.level === 'WARN')?.message).toContain('does not run SQL datasets');
    const bad = await ws.pipelines.create({ name: 'sql bad', catalog: 'main', schema: 'pipeline_test', libraries: [{ file: { path: '/Workspace/Shared/project/bad.sql' } }] });
    expect(await updateToEnd(bad.pipeline_id)).toBe('FAILED');
    const error = (await collect(ws.pipelines.listEvents(bad.pipeline_id))).find((event) => event.level === 'ERROR');
    expect(error?.error?.exceptions[0]?.message).toMatch(/^\/Workspace\/Shared\/project\/bad\.sql:3:\d+: \[PARSE_SYNTAX_ERROR\]/);
  });
});
