import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, dataops, dataopsAsync, type RunResult } from '../../helpers/binary.js';
import { python, tool } from '../../helpers/tools.js';

/**
 * A project made by `dataops init` (the built binary) in a git repository on a feature
 * branch, and a `dataops local` workspace of its own, with the environment that points the
 * real Databricks CLI, the Python SDK and dataops at it, as the demo sets them.
 */
export class BlueprintProject {
  readonly work = mkdtempSync(path.join(os.tmpdir(), 'dataops-blueprint-'));
  readonly dataDir = path.join(this.work, 'workspace');
  readonly project = path.join(this.work, 'sales_analytics');
  env: NodeJS.ProcessEnv = {};
  /** What `dataops local up` printed: the home page's address. */
  url = '';

  start(): void {
    const started = dataops(['local', 'up', '--data-dir', this.dataDir, '--detach']);
    if (started.code !== 0) throw new Error(started.stderr);
    this.url = started.stdout.trim();
    const exported = Object.fromEntries([...dataops(['local', 'env', '--data-dir', this.dataDir]).stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
    writeFileSync(path.join(this.work, 'databrickscfg'), '');
    this.env = {
      ...cleanEnv(process.env),
      ...exported,
      DATABRICKS_CONFIG_FILE: path.join(this.work, 'databrickscfg'),
      DATABRICKS_BUNDLE_ENGINE: 'direct',
      BUNDLE_VAR_warehouse_name: 'Serverless Starter Warehouse',
      XDG_CACHE_HOME: path.join(this.work, 'cache'),
      PATH: `${path.dirname(tool('databricks'))}${path.delimiter}${process.env.PATH ?? ''}`,
    };
    const init = dataops(['init', this.project, '--name', 'sales_analytics', '--cloud', 'azure'], { env: this.env });
    if (init.code !== 0) throw new Error(init.stderr);
    symlinkSync(path.dirname(path.dirname(python())), path.join(this.project, '.venv'));
    this.git('init', '-q', '-b', 'feature/daily-sales');
    this.git('add', '-A');
    this.git('commit', '-qm', 'feat: start');
  }

  stop(): void {
    dataops(['local', 'down', '--data-dir', this.dataDir]);
    rmSync(this.work, { recursive: true, force: true });
  }

  git(...args: string[]): void {
    const result = spawnSync('git', ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', ...args], { cwd: this.project, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  }

  /** The built dataops in the project. */
  run(args: string[]): Promise<RunResult> {
    return dataopsAsync(args, { cwd: this.project, env: this.env, timeoutMs: 300_000 });
  }
}
