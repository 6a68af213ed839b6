import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWorkspace } from '../../../src/adapters/workspace/client.js';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { cleanEnv, dataops, dataopsAsync } from '../../helpers/binary.js';
import { python, tool } from '../../helpers/tools.js';

/**
 * The blueprint's own job on `dataops local` (the built binary): `dataops init`, a sandbox
 * deploy through the real Databricks CLI, and the blueprint's integration tests with the
 * real SDK. The job's notebook, pipeline and SQL check run for real, so the integration
 * layer passes for the blueprint's code and fails when the notebook raises.
 */
describe('the blueprint job runs its code on dataops local', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-blueprint-run-'));
  const dataDir = path.join(work, 'workspace');
  const project = path.join(work, 'sales_analytics');
  let env: NodeJS.ProcessEnv = {};
  const git = (...args: string[]): void => {
    const result = spawnSync('git', ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', ...args], { cwd: project, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  const inProject = (args: string[]) => dataopsAsync(args, { cwd: project, env, timeoutMs: 300_000 });

  beforeAll(() => {
    const started = dataops(['local', 'up', '--data-dir', dataDir, '--detach']);
    if (started.code !== 0) throw new Error(started.stderr);
    const exported = Object.fromEntries([...dataops(['local', 'env', '--data-dir', dataDir]).stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
    writeFileSync(path.join(work, 'databrickscfg'), '');
    env = {
      ...cleanEnv(process.env),
      ...exported,
      DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
      DATABRICKS_BUNDLE_ENGINE: 'direct',
      BUNDLE_VAR_warehouse_name: 'Local Starter Warehouse',
      XDG_CACHE_HOME: path.join(work, 'cache'),
      PATH: `${path.dirname(tool('databricks'))}${path.delimiter}${process.env.PATH ?? ''}`,
    };
    const init = dataops(['init', project, '--name', 'sales_analytics', '--cloud', 'azure'], { env });
    if (init.code !== 0) throw new Error(init.stderr);
    symlinkSync(path.dirname(path.dirname(python())), path.join(project, '.venv'));
    git('init', '-q', '-b', 'feature/daily-sales');
    git('add', '-A');
    git('commit', '-qm', 'feat: start');
  });
  afterAll(() => {
    dataops(['local', 'down', '--data-dir', dataDir]);
    rmSync(work, { recursive: true, force: true });
  });

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
