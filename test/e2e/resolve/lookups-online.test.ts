/**
 * Variable lookups resolved online by every command that works against a workspace (guard,
 * deploy, plan, verify), through the one project they all get, against `dataops local` with
 * the real CLI as the oracle: the value the CLI's `bundle validate` finds is the value deployed;
 * a name the workspace does not have is the CLI's error, naming the variable, and nothing is
 * deployed; a workspace that does not answer is exit 3. Offline, resolve says it left it open.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/adapters/project.js';
import { cleanEnv, dataops, dataopsAsync, ROOT } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-lookups-'));
const dataDir = path.join(work, 'workspace');
let env: NodeJS.ProcessEnv = {};
const MISSING_ERROR = "failed to resolve warehouse: No Such Warehouse, err: EndpointInfo named 'No Such Warehouse' does not exist";

function bundle(name: string, warehouse: string): string {
  const dir = path.join(work, name);
  const yml = `bundle: {name: ${name}}
variables:
  warehouse_id:
    lookup: {warehouse: "${warehouse}"}
resources:
  jobs:
    report:
      name: report-${name}
      tasks:
        - task_key: refresh
          sql_task: {warehouse_id: "\${var.warehouse_id}", query: {query_id: "1"}}
targets: {dev: {default: true}}
`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'databricks.yml'), yml);
  return dir;
}

beforeAll(() => {
  const started = dataops(['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach']);
  if (started.code !== 0) throw new Error(started.stderr);
  const local = JSON.parse(dataops(['local', 'env', '--data-dir', dataDir, '--json']).stdout) as Record<string, string>;
  writeFileSync(path.join(work, 'databrickscfg'), '');
  env = {
    ...cleanEnv(process.env),
    PATH: [path.join(ROOT, 'dist'), path.dirname(tool('databricks')), process.env.PATH].join(path.delimiter),
    DATABRICKS_HOST: local.DATABRICKS_HOST,
    DATABRICKS_TOKEN: local.DATABRICKS_TOKEN,
    DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
    DATABRICKS_BUNDLE_ENGINE: 'direct',
    DATAOPS_CURRENT_USER: local.identity,
    XDG_CACHE_HOME: path.join(work, 'cache'),
  };
}, 120_000);

afterAll(() => {
  dataops(['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
});

function cliValidate(dir: string) {
  return spawnSync(tool('databricks'), ['bundle', 'validate', '-o', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
}

type Job = { settings: { name: string; tasks: Array<{ sql_task: { warehouse_id: string } }> } };

async function deployedJobs(name: string): Promise<Job[]> {
  const response = await fetch(`${env.DATABRICKS_HOST}/api/2.2/jobs/list?expand_tasks=true&name=${encodeURIComponent(name)}`, { headers: { authorization: `Bearer ${env.DATABRICKS_TOKEN}` } });
  return ((await response.json()) as { jobs?: Job[] }).jobs ?? [];
}

const TRACE = { DATAOPS_TRACE: 'project' };
const lookupsTraced = (stderr: string): number => stderr.split('\n').filter((line) => line.endsWith('project lookups dev')).length;

function run(dir: string, args: readonly string[], over: NodeJS.ProcessEnv = {}) {
  return dataopsAsync(args, { cwd: dir, env: { ...env, ...over }, timeoutMs: 180_000 });
}

describe('variable lookups online', () => {
  let found = '';
  let id = '';
  let missing = '';

  beforeAll(() => {
    found = bundle('found', 'Serverless Starter Warehouse');
    missing = bundle('missing', 'No Such Warehouse');
    const expected = JSON.parse(cliValidate(found).stdout) as { resources: { jobs: { report: { tasks: Array<{ sql_task: { warehouse_id: string } }> } } } };
    id = expected.resources.jobs.report.tasks[0]?.sql_task.warehouse_id ?? '';
  }, 120_000);

  it('an online project resolves a warehouse by name to the id the real CLI resolves it to, and hands it on as a variable', async () => {
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const deployment = await new Project(found, env, { online: true }).deployment('dev');
    expect(deployment.resolved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const job = (deployment.resolved.config.resources as { jobs: { report: { tasks: Array<{ sql_task: { warehouse_id: string } }> } } }).jobs.report;
    expect(job.tasks[0]?.sql_task.warehouse_id).toBe(id);
    expect(deployment.vars).toContainEqual(['warehouse_id', id]);
    // An offline project (validate, resolve) leaves it open.
    const offline = await new Project(found, env).deployment('dev');
    expect(offline.vars).toEqual([]);
  });

  it('a name the workspace does not have is the CLI error, with the variable named', async () => {
    const expected = cliValidate(missing);
    expect(expected.status).not.toBe(0);
    expect(expected.stderr).toContain(MISSING_ERROR);
    const { resolved } = await new Project(missing, env, { online: true }).deployment('dev');
    const errors = resolved.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.summary)).toEqual([MISSING_ERROR]);
    expect(errors[0]?.detail).toContain('variable warehouse_id (warehouse: No Such Warehouse)');
    expect(errors[0]?.locations[0]).toMatchObject({ file: 'databricks.yml', line: 4 });
  });

  it('guard resolves the lookup and refuses a name the workspace does not have', async () => {
    expect((await run(found, ['guard', '-t', 'dev'])).code).toBe(0);
    const refused = await run(missing, ['guard', '-t', 'dev']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(MISSING_ERROR);
    expect(refused.stderr).toContain('variable warehouse_id (warehouse: No Such Warehouse)');
  });

  it('plan resolves the lookup and refuses a name the workspace does not have', async () => {
    const planned = await run(found, ['plan', '-t', 'dev', '--json'], TRACE);
    expect(planned.code).toBe(0);
    // Looked up once, for the plan and its guard alike.
    expect(lookupsTraced(planned.stderr)).toBe(1);
    const refused = await run(missing, ['plan', '-t', 'dev']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`plan dev: the bundle does not load: ${MISSING_ERROR}`);
    // The hint gives the lookup's own fix; offline validate, which never looks names up, would show nothing.
    expect(refused.stderr).toContain('give the variable a value (--var warehouse_id=…)');
    expect(refused.stderr).toContain('dataops validate is offline and does not show them');
    expect(refused.stderr).not.toContain('shows every problem');
  });

  it('deploy validates and deploys the looked-up value; a name the workspace does not have stops it before the CLI runs', async () => {
    const deployed = await run(found, ['deploy', 'dev', '--yes'], TRACE);
    expect(deployed.code).toBe(0);
    // The preflight's validation, its guard and the CLI's deploy share the one lookup.
    expect(lookupsTraced(deployed.stderr)).toBe(1);
    const jobs = await deployedJobs('report-found');
    expect(jobs.map((j) => j.settings.tasks[0]?.sql_task.warehouse_id)).toEqual([id]);

    const refused = await run(missing, ['deploy', 'dev', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(MISSING_ERROR);
    expect(refused.stderr).toContain('variable warehouse_id (warehouse: No Such Warehouse)');
    expect(refused.stderr).toContain('deploy dev stopped at preflight step "resolve + validate"');
    expect(refused.stderr).not.toContain('shows them again');
    expect(await deployedJobs('report-missing')).toEqual([]);
  });

  it('verify resolves the lookup of the deployed target and refuses a name the workspace does not have', async () => {
    const verified = await run(found, ['verify', '-t', 'dev']);
    expect(verified.stderr).not.toContain('failed to resolve');
    expect(verified.code).toBe(0);
    const refused = await run(missing, ['verify', '-t', 'dev']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(MISSING_ERROR);
  });

  it('a workspace that does not answer the lookup fails the guard closed for production, naming the variable and the lookup, and warns elsewhere', async () => {
    const production = bundle('production', 'Serverless Starter Warehouse');
    writeFileSync(path.join(production, 'dataops.yml'), 'production:\n  targets: [dev]\n');
    const down = { DATABRICKS_HOST: 'http://127.0.0.1:9' };
    const [closed, warned] = await Promise.all([run(production, ['guard', '-t', 'dev'], down), run(found, ['guard', '-t', 'dev'], down)]);
    expect(closed.code, closed.stderr).toBe(3);
    expect(closed.stderr).toMatch(/is a production target and the workspace could not be checked/);
    expect(closed.stderr).toContain('variable warehouse_id (warehouse: Serverless Starter Warehouse)');
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('variable warehouse_id (warehouse: Serverless Starter Warehouse)');
  });

  it('offline, resolve keeps the reference, exits as before and says the lookup was not resolved', async () => {
    const result = await run(found, ['resolve'], { DATABRICKS_HOST: '', DATABRICKS_TOKEN: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"warehouse_id": "${var.warehouse_id}"');
    expect(result.stderr).toContain('variable warehouse_id is looked up in the workspace (warehouse: Serverless Starter Warehouse) (databricks.yml:4)');
  });
});
