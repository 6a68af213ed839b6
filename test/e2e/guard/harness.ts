/**
 * A fresh `dataops local` workspace per scenario, a copy of the guard fixture bundle, and the
 * real Databricks CLI deploying it: what the guard's end-to-end tests share.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { GuardReport } from '../../../src/core/guard/run.js';
import { cleanEnv, dataops, ROOT, type RunResult } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'guard-bundle');

export interface Workspace {
  env: NodeJS.ProcessEnv;
  /** What the local workspace keeps (its state.json), to check that nothing moved. */
  stored(): Record<string, unknown>;
  /** `dataops destroy <target> --yes`. */
  dataopsDestroy(cwd: string, target: string): RunResult;
  /** A fresh copy of the fixture bundle; `edit` rewrites its databricks.yml. */
  bundle(name: string, edit?: (yaml: string) => string): string;
  /** The real Databricks CLI, in a bundle directory. */
  databricks(cwd: string, ...args: string[]): RunResult;
  deploy(cwd: string, target: string): void;
  /** `dataops deploy <target> --yes`, whose preflight runs the guard. */
  dataopsDeploy(cwd: string, target: string): RunResult;
  /** `dataops guard -t <target> --json` in a bundle directory. */
  guard(cwd: string, target: string, ...args: string[]): { code: number; report: GuardReport; stderr: string };
  /** Ids of the jobs with exactly this name. */
  jobsNamed(name: string): string[];
  close(): void;
}

export function startWorkspace(options: { failRate?: number; fixture?: string } = {}): Workspace {
  const fixture = options.fixture ?? FIXTURE;
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-guard-e2e-'));
  const dataDir = path.join(work, 'data');
  const emptyConfig = path.join(work, 'databrickscfg');
  writeFileSync(emptyConfig, '');
  const up = dataops(['local', 'up', '--data-dir', dataDir, '--detach', '--fail-rate', String(options.failRate ?? 0)]);
  expect(up.code, up.stderr).toBe(0);
  const exports = dataops(['local', 'env', '--data-dir', dataDir]).stdout;
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(process.env),
    ...Object.fromEntries([...exports.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])),
    DATABRICKS_CONFIG_FILE: emptyConfig,
    PATH: `${path.dirname(tool('databricks'))}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CACHE_HOME: path.join(work, 'cache'),
  };
  const databricks = (cwd: string, ...args: string[]): RunResult => {
    const result = spawnSync(tool('databricks'), args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  return {
    env,
    stored: () => JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>,
    dataopsDestroy: (cwd, target) => dataops(['destroy', target, '--yes'], { cwd, env }),
    bundle: (name, edit) => {
      const dir = path.join(work, name);
      cpSync(fixture, dir, { recursive: true });
      if (edit) {
        const file = path.join(dir, 'databricks.yml');
        writeFileSync(file, edit(readFileSync(file, 'utf8')));
      }
      return dir;
    },
    databricks,
    deploy: (cwd, target) => {
      const result = databricks(cwd, 'bundle', 'deploy', '-t', target);
      expect(result.code, result.stderr).toBe(0);
    },
    dataopsDeploy: (cwd, target) => dataops(['deploy', target, '--yes'], { cwd, env }),
    guard: (cwd, target, ...args) => {
      const result = dataops(['guard', '-t', target, '--json', ...args], { cwd, env });
      expect(result.stdout, result.stderr).not.toBe('');
      return { code: result.code, report: JSON.parse(result.stdout) as GuardReport, stderr: result.stderr };
    },
    jobsNamed: (name) => {
      const listed = databricks(work, 'jobs', 'list', '--name', name, '-o', 'json');
      expect(listed.code, listed.stderr).toBe(0);
      return (JSON.parse(listed.stdout || '[]') as Array<{ job_id: number }>).map((job) => String(job.job_id));
    },
    close: () => {
      dataops(['local', 'down', '--data-dir', dataDir]);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** verdict per `type.key`, for compact assertions. */
export function verdicts(report: GuardReport): Record<string, string> {
  return Object.fromEntries(report.resources.map((r) => [`${r.resource.type}.${r.resource.key}`, r.verdict]));
}
