import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, dataops, ROOT } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

/**
 * A project made by `dataops init`, put through every check the issue names, each with the
 * real tool: dataops validate, actionlint, the Taskfile schema and go-task, the Databricks
 * CLI's bundle validate against `dataops local`, and pytest in a fresh virtualenv.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-blueprint-e2e-'));
const project = path.join(work, 'shop');
const dataDir = path.join(work, 'workspace');
const TARGETS = ['sandbox', 'staging', 'prod'];

/** dataops and the test tools first on PATH, no Databricks settings of the machine. */
const env: NodeJS.ProcessEnv = {
  ...cleanEnv(process.env),
  PATH: [path.join(ROOT, 'dist'), path.dirname(tool('databricks')), process.env.PATH].join(path.delimiter),
  DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
  DATABRICKS_BUNDLE_ENGINE: 'direct',
  XDG_CACHE_HOME: path.join(work, 'cache'),
};

function run(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, timeout = 120_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, [...args], { cwd: project, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout });
  if (result.error) throw result.error;
  return result;
}

beforeAll(() => {
  writeFileSync(env.DATABRICKS_CONFIG_FILE as string, '');
  const init = dataops(['init', 'shop', '--cloud', 'aws'], { cwd: work });
  if (init.code !== 0) throw new Error(`dataops init failed: ${init.stderr}`);
  // A sandbox is per user and branch: the project lives on a feature branch, as it would.
  for (const args of [['init', '-q', '-b', 'feature/Daily-KPIs'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'feat: blueprint']]) {
    run('git', args);
  }
});

afterAll(() => {
  dataops(['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
});

describe('a project made by dataops init', () => {
  it('has no findings in any target of dataops validate', () => {
    const result = run(path.join(ROOT, 'dist', 'dataops'), ['validate', '--format', 'json']);
    const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { targets: string[] } };
    expect(report.findings).toEqual([]);
    expect(report.summary.targets.sort()).toEqual([...TARGETS].sort());
    expect(result.status, result.stderr).toBe(0);
  });

  it('passes the real actionlint on every workflow', () => {
    const workflows = readdirSync(path.join(project, '.github', 'workflows'));
    expect(workflows.sort()).toEqual(['chatops.yml', 'drift.yml', 'heartbeat.yml', 'lint.yml', 'plan-fork.yml', 'production.yml', 'release-please.yml', 'staging.yml']);
    const result = run(tool('actionlint'), ['-no-color']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a Taskfile that the Taskfile schema accepts and the real task lists, every task with its description', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'reference', 'taskfile.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const taskfile = parse(readFileSync(path.join(project, 'Taskfile.yml'), 'utf8')) as { tasks: Record<string, { desc?: string; cmds?: string[] }> };
    expect(validate(taskfile), JSON.stringify(validate.errors)).toBe(true);
    const listed = run(tool('task'), ['--list']);
    expect(listed.status, listed.stderr).toBe(0);
    const expected = ['ci:local', 'db-deploy:sandbox', 'db-deploy:staging', 'db-deploy:prod', 'db-destroy:sandbox', 'db-setup', 'test:unit', 'test:integration', 'test:nonfunctional', 'validate'];
    expect(Object.keys(taskfile.tasks).sort()).toEqual(expected.sort());
    for (const [name, task] of Object.entries(taskfile.tasks)) {
      expect(task.desc, `task ${name} has a description`).toBeTruthy();
      expect(listed.stdout).toContain(`* ${name}:`);
      expect(listed.stdout).toContain(task.desc);
      // ci:local hands the project's workflows to act, which runs them; every other task is dataops.
      const runner = name === 'ci:local' ? 'act ' : 'dataops ';
      expect(task.cmds?.every((cmd) => cmd.startsWith(runner)), `task ${name} calls ${runner.trim()}`).toBe(true);
    }
  });

  it('passes the real databricks bundle validate of every target against dataops local', () => {
    const started = dataops(['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach']);
    expect(started.code, started.stderr).toBe(0);
    const identity = (as: string[]): Record<string, string> => JSON.parse(dataops(['local', 'env', '--data-dir', dataDir, '--json', ...as]).stdout) as Record<string, string>;
    const developer = identity([]);
    const servicePrincipal = identity(['--as', 'service-principal']);
    // No BUNDLE_VAR_*: a fresh project finds the workspace's "Serverless Starter Warehouse" by its default name.
    const auth = (who: Record<string, string>) => ({ DATABRICKS_HOST: who.DATABRICKS_HOST, DATABRICKS_TOKEN: who.DATABRICKS_TOKEN });
    // Production is validated as it deploys: as the service principal, which it also runs as.
    const asTarget: Record<string, NodeJS.ProcessEnv> = {
      sandbox: auth(developer),
      staging: auth(developer),
      prod: { ...auth(servicePrincipal), BUNDLE_VAR_service_principal: servicePrincipal.identity },
    };
    for (const target of TARGETS) {
      const result = run(tool('databricks'), ['bundle', 'validate', '-t', target], asTarget[target]);
      const output = result.stdout + result.stderr;
      expect(result.status, `${target}:\n${output}`).toBe(0);
      expect(output, target).toContain('Validation OK!');
    }
  });

  it('passes its own unit tests with pytest in a fresh virtualenv from requirements-dev.txt', { timeout: 600_000 }, () => {
    const venv = path.join(work, 'venv');
    const python = path.join(venv, 'bin', 'python');
    const created = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const installed = run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', 'requirements-dev.txt'], {}, 480_000);
    expect(installed.status, installed.stderr).toBe(0);
    expect(existsSync(path.join(venv, 'bin', 'pytest'))).toBe(true);
    const tests = run(python, ['-m', 'pytest', 'tests/unit', '-q', '-p', 'no:cacheprovider']);
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/\b7 passed\b/);
  });
});
