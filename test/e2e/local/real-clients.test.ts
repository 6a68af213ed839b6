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
    const started = dataops(['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    env = { ...cleanEnv(process.env), ...exportsOf(dataops(['local', 'env', '--data-dir', dataDir]).stdout) };
    env.DATABRICKS_CONFIG_FILE = emptyConfig;
    env.DATABRICKS_BUNDLE_ENGINE = 'direct';
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
  const python = (script: string): Record<string, unknown> => {
    const result = spawnSync(PYTHON, ['-c', script], { env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  beforeAll(() => {
    for (const tool of [DATABRICKS, PYTHON]) {
      if (!existsSync(tool)) throw new Error(`${tool} is missing: run scripts/install-test-tools.sh`);
    }
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
