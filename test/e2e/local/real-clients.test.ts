import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWorkspace } from '../../../src/adapters/workspace/client.js';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { cleanEnv, dataops, ROOT } from '../../helpers/binary.js';

const DATABRICKS = path.join(ROOT, '.tools', 'bin', 'databricks');
const PYTHON = path.join(ROOT, '.tools', 'venv', 'bin', 'python');

/** The real Databricks CLI and the real Python SDK against `dataops local` (the built binary). */
describe('dataops local with the real Databricks CLI and Python SDK', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-local-e2e-'));
  const dataDir = path.join(work, 'data');
  const bundleDir = path.join(work, 'bundle');
  const emptyConfig = path.join(work, 'databrickscfg');
  let env: NodeJS.ProcessEnv = {};

  const up = (): void => {
    env = upLocal(dataDir, emptyConfig);
  };
  const cli = (...args: string[]): { code: number; out: string } => {
    const result = spawnSync(DATABRICKS, args, { cwd: bundleDir, env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
  };
  const summary = (): { resources: Record<string, Record<string, { id: string }>> } => {
    const result = spawnSync(DATABRICKS, ['bundle', 'summary', '-o', 'json'], { cwd: bundleDir, env, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { resources: Record<string, Record<string, { id: string }>> };
  };
  const python = (script: string): Record<string, unknown> => pythonJson(script, env);

  beforeAll(() => {
    requireTools();
    cpSync(path.join(ROOT, 'test', 'fixtures', 'local-bundle'), bundleDir, { recursive: true });
    writeFileSync(emptyConfig, '');
    up();
  });
  afterAll(() => {
    dataops(['local', 'down', '--data-dir', dataDir]);
    rmSync(work, { recursive: true, force: true });
  });

  it('deploys twice (the second updates, creates nothing), summarises, runs, survives a restart and destroys', { timeout: 300_000 }, async () => {
    const first = cli('bundle', 'deploy');
    expect(first.code, first.out).toBe(0);
    const ids = summary().resources;
    const jobId = ids.jobs?.daily_sales?.id ?? '';
    const pipelineId = ids.pipelines?.sales_pipeline?.id ?? '';
    const dashboardId = ids.dashboards?.sales_overview?.id ?? '';
    expect([jobId, pipelineId, dashboardId].every((id) => id !== '')).toBe(true);

    const second = cli('bundle', 'deploy', '--var', 'job_description=Updated by the second deploy');
    expect(second.code, second.out).toBe(0);
    expect(summary().resources).toMatchObject({
      jobs: { daily_sales: { id: jobId } },
      pipelines: { sales_pipeline: { id: pipelineId } },
      dashboards: { sales_overview: { id: dashboardId } },
    });

    const run = cli('bundle', 'run', 'daily_sales');
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/TERMINATED SUCCESS/);

    const seen = python(`
import json
from databricks.sdk import WorkspaceClient
w = WorkspaceClient()
jobs = list(w.jobs.list(name="[dev developer] daily_sales"))
job = w.jobs.get(jobs[0].job_id)
pipelines = list(w.pipelines.list_pipelines())
pipeline = w.pipelines.get(pipelines[0].pipeline_id)
dashboards = list(w.lakeview.list())
print(json.dumps({
  "me": w.current_user.me().user_name,
  "jobs": [j.job_id for j in jobs],
  "job_description": job.settings.description,
  "job_deployment": job.settings.deployment.kind.value,
  "job_edit_mode": job.settings.edit_mode.value,
  "job_creator": job.creator_user_name,
  "pipelines": [p.pipeline_id for p in pipelines],
  "pipeline_deployment": pipeline.spec.deployment.kind.value,
  "dashboards": [d.dashboard_id for d in dashboards],
  "published": w.lakeview.get_published(dashboards[0].dashboard_id).display_name,
}))
`);
    expect(seen).toEqual({
      me: 'developer@dataops.local',
      jobs: [Number(jobId)],
      job_description: 'Updated by the second deploy',
      job_deployment: 'BUNDLE',
      job_edit_mode: 'UI_LOCKED',
      job_creator: 'developer@dataops.local',
      pipelines: [pipelineId],
      pipeline_deployment: 'BUNDLE',
      dashboards: [dashboardId],
      published: '[dev developer] Sales overview',
    });

    const ours = await connectWorkspace(env);
    const jobs = await collect(ours.jobs.list({ name: '[DEV DEVELOPER] DAILY_SALES' }));
    expect(jobs.map((job) => job.job_id)).toEqual([Number(jobId)]);
    expect((await ours.jobs.get(Number(jobId))).settings.deployment?.kind).toBe('BUNDLE');
    expect((await collect(ours.pipelines.list({ filter: "name LIKE '%sales_pipeline'" }))).map((p) => p.pipeline_id)).toEqual([pipelineId]);
    expect((await collect(ours.dashboards.list())).map((d) => d.dashboard_id)).toEqual([dashboardId]);
    expect((await collect(ours.jobs.listRuns({ jobId: Number(jobId) }))).map((r) => r.state.result_state)).toEqual(['SUCCESS']);

    expect(dataops(['local', 'down', '--data-dir', dataDir]).code).toBe(0);
    up();
    expect(summary().resources).toMatchObject({ jobs: { daily_sales: { id: jobId } } });
    expect(python('import json\nfrom databricks.sdk import WorkspaceClient\nprint(json.dumps({"name": WorkspaceClient().jobs.get(' + jobId + ').settings.name}))')).toEqual({
      name: '[dev developer] daily_sales',
    });

    const destroyed = cli('bundle', 'destroy', '--auto-approve');
    expect(destroyed.code, destroyed.out).toBe(0);
    const after = await connectWorkspace(env);
    expect(await collect(after.jobs.list())).toEqual([]);
    expect(await collect(after.pipelines.list())).toEqual([]);
    expect(await collect(after.dashboards.list())).toEqual([]);
  });

  it('prints the service principal with --as service-principal, and the SDK acts as it', () => {
    const spEnv = { ...env, ...exportsOf(dataops(['local', 'env', '--data-dir', dataDir, '--as', 'service-principal']).stdout) };
    expect(spEnv.DATABRICKS_TOKEN).not.toBe(env.DATABRICKS_TOKEN);
    const result = spawnSync(
      PYTHON,
      ['-c', 'from databricks.sdk import WorkspaceClient\nw = WorkspaceClient()\nprint(w.current_user.me().display_name)'],
      { env: spEnv, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stdout.trim(), result.stderr).toBe('dataops-local-deployer');
  });
});

/**
 * Statement results through the real clients: `--result-lifetime` and `--result-budget` small, so
 * that a result is fetchable, then CLOSED after its lifetime, and the oldest go under the budget.
 */
describe('dataops local expires statement results for the real Python SDK and CLI', () => {
  // Long enough for the SDK script and one CLI call on a loaded machine, short enough to wait out.
  const LIFETIME_S = 8;
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-local-results-'));
  const emptyConfig = path.join(work, 'databrickscfg');
  const dataDir = path.join(work, 'data');
  let env: NodeJS.ProcessEnv = {};
  const api = (apiPath: string): { code: number; out: string } => {
    const result = spawnSync(DATABRICKS, ['api', 'get', apiPath], { env, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
  };

  beforeAll(() => {
    requireTools();
    writeFileSync(emptyConfig, '');
    // 50 one-cell rows weigh 4,000 bytes as the server counts; 0.01 MiB (10,485 bytes) holds two such results.
    env = upLocal(dataDir, emptyConfig, ['--result-lifetime', String(LIFETIME_S), '--result-budget', '0.01']);
  });
  afterAll(() => {
    dataops(['local', 'down', '--data-dir', dataDir]);
    rmSync(work, { recursive: true, force: true });
  });

  it('answers a result, closes the oldest past the budget and every one after its lifetime', { timeout: 120_000 }, () => {
    const sent = pythonJson(
      `
import json
from databricks.sdk import WorkspaceClient
w = WorkspaceClient()
warehouse = list(w.warehouses.list())[0].id
ids = [w.statement_execution.execute_statement(warehouse_id=warehouse, statement="SELECT range AS id FROM range(50)", wait_timeout="10s").statement_id for _ in range(3)]
states = [w.statement_execution.get_statement(i).status.state.value for i in ids]
chunk = w.statement_execution.get_statement_result_chunk_n(ids[1], 0)
print(json.dumps({"ids": ids, "states": states, "rows": len(chunk.data_array), "last": chunk.data_array[-1]}))
`,
      env,
    );
    expect(sent).toMatchObject({ states: ['CLOSED', 'SUCCEEDED', 'SUCCEEDED'], rows: 50, last: ['49'] });
    const [oldest, , newest] = sent.ids as string[];

    const fetched = api(`/api/2.0/sql/statements/${newest}/result/chunks/0`);
    expect(fetched.code, fetched.out).toBe(0);
    expect((JSON.parse(fetched.out) as { row_count: number }).row_count).toBe(50);
    const evicted = api(`/api/2.0/sql/statements/${oldest}/result/chunks/0`);
    expect(evicted.code).not.toBe(0);
    expect(evicted.out).toMatch(/is CLOSED: its result is no longer available/);

    // Every result was held before the script printed; past the lifetime from here, all are CLOSED.
    spawnSync('sleep', [String(LIFETIME_S + 1)]);
    const expired = api(`/api/2.0/sql/statements/${newest}`);
    expect(expired.code, expired.out).toBe(0);
    const answer = JSON.parse(expired.out) as { status: { state: string }; result?: unknown };
    expect(answer.status.state).toBe('CLOSED');
    expect(answer.result).toBeUndefined();
    const refused = pythonJson(
      `
import json
from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import InvalidState
try:
    WorkspaceClient().statement_execution.get_statement_result_chunk_n("${newest}", 0)
    print(json.dumps({"raised": None}))
except InvalidState as error:
    print(json.dumps({"raised": type(error).__name__, "message": str(error)}))
`,
      env,
    );
    expect(refused).toMatchObject({ raised: 'InvalidState', message: expect.stringMatching(/run the statement again/) });
  });
});

function requireTools(): void {
  for (const tool of [DATABRICKS, PYTHON]) {
    if (!existsSync(tool)) throw new Error(`${tool} is missing: run scripts/install-test-tools.sh`);
  }
}

/** Starts `dataops local` in the background (the built binary) and the environment that points the real clients at it. */
function upLocal(dataDir: string, emptyConfig: string, extra: string[] = []): NodeJS.ProcessEnv {
  const started = dataops(['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach', ...extra]);
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return {
    ...cleanEnv(process.env),
    ...exportsOf(dataops(['local', 'env', '--data-dir', dataDir]).stdout),
    DATABRICKS_CONFIG_FILE: emptyConfig,
    DATABRICKS_BUNDLE_ENGINE: 'direct',
  };
}

/** Runs a Python script with the real SDK and reads the JSON it prints. */
function pythonJson(script: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result = spawnSync(PYTHON, ['-c', script], { env, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** `export NAME=value` lines as an environment. */
function exportsOf(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => /^export (\w+)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] ?? '', match[2] ?? ''] as const);
  expect(entries.map(([name]) => name)).toEqual(['DATABRICKS_HOST', 'DATABRICKS_TOKEN']);
  return Object.fromEntries(entries);
}
