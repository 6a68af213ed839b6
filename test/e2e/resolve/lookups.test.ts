/**
 * Variable lookups resolved online, through the REST client the guard uses, against
 * `dataops local`: the same value the real CLI's `bundle validate` finds, and the CLI's error
 * for a name the workspace does not have.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/adapters/project.js';
import { withLookups } from '../../../src/adapters/resolve-online.js';
import { connectWorkspace } from '../../../src/adapters/workspace/client.js';
import { cleanEnv, dataops } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-lookups-'));
const dataDir = path.join(work, 'workspace');
let env: NodeJS.ProcessEnv = {};

function bundle(name: string, warehouse: string): string {
  const dir = path.join(work, name);
  const yml = `bundle: {name: ${name}}
variables:
  warehouse_id:
    lookup: {warehouse: "${warehouse}"}
resources:
  jobs:
    report:
      name: report
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
    DATABRICKS_HOST: local.DATABRICKS_HOST,
    DATABRICKS_TOKEN: local.DATABRICKS_TOKEN,
    DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
    DATAOPS_CURRENT_USER: local.identity,
    XDG_CACHE_HOME: path.join(work, 'cache'),
  };
}, 120_000);

afterAll(() => {
  dataops(['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
});

function cli(dir: string) {
  return spawnSync(tool('databricks'), ['bundle', 'validate', '-o', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
}

describe('variable lookups online', () => {
  it('resolves a warehouse by name to the id the real CLI resolves it to', async () => {
    const dir = bundle('found', 'Local Starter Warehouse');
    const expected = JSON.parse(cli(dir).stdout) as { resources: { jobs: { report: { tasks: Array<{ sql_task: { warehouse_id: string } }> } } } };
    const id = expected.resources.jobs.report.tasks[0]?.sql_task.warehouse_id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const client = await connectWorkspace(env);
    const project = new Project(dir, env);
    const { resolved } = await withLookups(project, await project.deployment('dev'), client.lookups);
    expect(resolved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const job = (resolved.config.resources as { jobs: { report: { tasks: Array<{ sql_task: { warehouse_id: string } }> } } }).jobs.report;
    expect(job.tasks[0]?.sql_task.warehouse_id).toBe(id);
  });

  it('fails with the CLI error for a name the workspace does not have', async () => {
    const dir = bundle('missing', 'No Such Warehouse');
    const expected = cli(dir);
    expect(expected.status).not.toBe(0);
    const client = await connectWorkspace(env);
    const project = new Project(dir, env);
    const { resolved } = await withLookups(project, await project.deployment('dev'), client.lookups);
    const errors = resolved.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
    expect(errors).toEqual(["failed to resolve warehouse: No Such Warehouse, err: EndpointInfo named 'No Such Warehouse' does not exist"]);
    expect(expected.stderr).toContain(errors[0]);
  });

  it('offline, resolve keeps the reference, exits as before and says the lookup was not resolved', () => {
    const dir = bundle('offline', 'Local Starter Warehouse');
    const offline = { ...env, DATABRICKS_HOST: '', DATABRICKS_TOKEN: '' };
    const result = dataops(['resolve'], { cwd: dir, env: offline });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"warehouse_id": "${var.warehouse_id}"');
    expect(result.stderr).toContain('variable warehouse_id is looked up in the workspace (warehouse: Local Starter Warehouse) (databricks.yml:4)');
  });
});
