import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectWorkspace, type WorkspaceClient } from '../../../src/adapters/workspace/client.js';
import { cleanEnv, dataops, dataopsAsync, ROOT, type RunResult } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

/**
 * A fixture project in a git repository (with a bare `origin`), the real Databricks CLI and
 * go-task on PATH, and a `dataops local` workspace with its developer and service principal.
 */
export class DeployHarness {
  readonly work = mkdtempSync(path.join(os.tmpdir(), 'dataops-deploy-e2e-'));
  readonly project = path.join(this.work, 'project');
  readonly origin = path.join(this.work, 'origin.git');
  private readonly dataDir = path.join(this.work, 'data');
  developer: NodeJS.ProcessEnv = {};
  servicePrincipal: NodeJS.ProcessEnv = {};
  servicePrincipalId = '';

  /** `fixture`: a project under test/fixtures. */
  constructor(private readonly fixture = 'deploy-project') {}

  start(): void {
    const bin = path.dirname(tool('databricks'));
    tool('task');
    cpSync(path.join(ROOT, 'test', 'fixtures', this.fixture), this.project, { recursive: true });
    cpSync(path.join(ROOT, 'src', 'blueprint', 'Taskfile.yml'), path.join(this.project, 'Taskfile.yml'));
    writeFileSync(path.join(this.project, '.gitignore'), '.databricks/\n');
    const configFile = path.join(this.work, 'databrickscfg');
    writeFileSync(configFile, '');
    const started = dataops(['local', 'up', '--port', '0', '--data-dir', this.dataDir, '--detach']);
    if (started.code !== 0) throw new Error(`dataops local up failed: ${started.stderr}`);
    const base: NodeJS.ProcessEnv = {
      ...cleanEnv(process.env),
      PATH: [path.join(ROOT, 'dist'), bin, process.env.PATH].join(path.delimiter),
      DATABRICKS_CONFIG_FILE: configFile,
      DATABRICKS_BUNDLE_ENGINE: 'direct',
      XDG_CACHE_HOME: path.join(this.work, 'cache'),
      DATAOPS_TEAMS_RETRY_BASE_MS: '10',
    };
    const sp = JSON.parse(dataops(['local', 'env', '--data-dir', this.dataDir, '--as', 'service-principal', '--json']).stdout) as Record<string, string>;
    const dev = JSON.parse(dataops(['local', 'env', '--data-dir', this.dataDir, '--json']).stdout) as Record<string, string>;
    this.servicePrincipalId = sp.identity ?? '';
    // Production runs as the service principal; its application id is random per workspace.
    const common = { ...base, BUNDLE_VAR_service_principal: this.servicePrincipalId };
    this.developer = { ...common, DATABRICKS_HOST: dev.DATABRICKS_HOST, DATABRICKS_TOKEN: dev.DATABRICKS_TOKEN };
    this.servicePrincipal = { ...common, DATABRICKS_HOST: sp.DATABRICKS_HOST, DATABRICKS_TOKEN: sp.DATABRICKS_TOKEN, XDG_CACHE_HOME: path.join(this.work, 'cache-sp') };

    this.git('init', '-q', '-b', 'main');
    this.git('add', '-A');
    this.git('commit', '-q', '-m', 'initial');
    spawnSync('git', ['init', '-q', '--bare', this.origin]);
    this.git('remote', 'add', 'origin', this.origin);
    this.git('push', '-q', 'origin', 'main');
  }

  stop(): void {
    dataops(['local', 'down', '--data-dir', this.dataDir]);
    rmSync(this.work, { recursive: true, force: true });
  }

  git(...args: string[]): string {
    const result = spawnSync('git', ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', ...args], { cwd: this.project, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** The built dataops in the project directory. */
  run(args: readonly string[], env: NodeJS.ProcessEnv = this.developer): Promise<RunResult> {
    return dataopsAsync(args, { cwd: this.project, env, timeoutMs: 180_000 });
  }

  /** The real go-task running the blueprint's Taskfile. */
  task(args: readonly string[], env: NodeJS.ProcessEnv = this.developer): RunResult {
    const result = spawnSync(tool('task'), [...args], { cwd: this.project, env, encoding: 'utf8', timeout: 180_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  workspace(env: NodeJS.ProcessEnv = this.developer): Promise<WorkspaceClient> {
    return connectWorkspace(env);
  }

  file(relative: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.project, relative)), { recursive: true });
    writeFileSync(path.join(this.project, relative), text);
  }
}
