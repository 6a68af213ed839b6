import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWorkspace } from '../../../src/adapters/workspace/client.js';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { BlueprintProject } from './blueprint-project.js';

/**
 * The blueprint's own job on `dataops local` (the built binary): `dataops init`, a sandbox
 * deploy through the real Databricks CLI, and the blueprint's integration tests with the
 * real SDK. The job's notebook, pipeline and SQL check run for real, so the integration
 * layer passes for the blueprint's code and fails when the notebook raises.
 */
describe('the blueprint job runs its code on dataops local', () => {
  const blueprint = new BlueprintProject();
  const { project } = blueprint;
  let env: NodeJS.ProcessEnv = {};
  const git = (...args: string[]): void => blueprint.git(...args);
  const inProject = (args: string[]) => blueprint.run(args);

  beforeAll(() => {
    blueprint.start();
    env = blueprint.env;
  });
  afterAll(() => blueprint.stop());

  it('passes test_job_runs_to_success for the blueprint notebook, and fails it with the traceback when the notebook raises', { timeout: 600_000 }, async () => {
    const deployed = await inProject(['deploy', 'sandbox']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const good = await inProject(['test', 'integration', '-t', 'sandbox', '--json']);
    expect(good.code, `${good.stdout}\n${good.stderr}`).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ outcome: 'passed', failed: 0 });

    const ws = await connectWorkspace(env);
    const [job] = await collect(ws.jobs.list());
    const [firstRun] = await collect(ws.jobs.listRuns({ jobId: job?.job_id ?? 0 }));
    expect(Object.fromEntries(firstRun?.tasks.map((task) => [task.task_key, task.state.result_state]) ?? [])).toEqual({
      ingest_sales: 'SUCCESS',
      refresh_pipeline: 'SUCCESS',
      check_daily_sales: 'SUCCESS',
    });

    const notebook = path.join(project, 'src', 'notebooks', 'ingest_sales.py');
    appendFileSync(notebook, '\n# COMMAND ----------\n\nraise ValueError("the source table has no orders")\n');
    const line = readFileSync(notebook, 'utf8').trimEnd().split('\n').length;
    git('commit', '-qam', 'fix: break the notebook');
    const redeployed = await inProject(['deploy', 'sandbox']);
    expect(redeployed.code, redeployed.stderr).toBe(0);
    const broken = await inProject(['test', 'integration', '-t', 'sandbox', '--json']);
    expect(broken.code).toBe(1);
    const summary = JSON.parse(broken.stdout) as { failures: Array<{ id: string; message: string }> };
    expect(summary.failures.map((failure) => failure.id)).toEqual(['tests.integration.test_deployment::test_job_runs_to_success']);
    expect(summary.failures[0]?.message).toContain('Task ingest_sales failed with message: ValueError: the source table has no orders');

    const [latest] = await collect(ws.jobs.listRuns({ jobId: job?.job_id ?? 0 }));
    const ingest = latest?.tasks.find((task) => task.task_key === 'ingest_sales');
    const output = await ws.jobs.getRunOutput(ingest?.run_id ?? 0);
    expect(output.error).toBe('ValueError: the source table has no orders');
    expect(output.error_trace).toMatch(new RegExp(`File "/Workspace/Users/developer@dataops.local/.bundle/sales_analytics/[^"]+/files/src/notebooks/ingest_sales", line ${line}`));
    expect(latest?.tasks.find((task) => task.task_key === 'check_daily_sales')?.state.result_state).toBe('UPSTREAM_FAILED');
  });
});
