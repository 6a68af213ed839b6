import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, dataops, ROOT } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

/**
 * A copy of a fixture project in a temporary directory, with a `dataops local` workspace of
 * its own (the built binary) and the environment that points the real Databricks CLI, the
 * Python SDK and dataops at it. Shared by the e2e tests of test, verify and slo.
 */
export class LocalDeployment {
  readonly work = mkdtempSync(path.join(os.tmpdir(), 'dataops-test-layers-'));
  readonly project = path.join(this.work, 'project');
  readonly dataDir = path.join(this.work, 'workspace');
  env: NodeJS.ProcessEnv = {};
  url = '';

  constructor(fixture: string) {
    cpSync(path.join(ROOT, 'test', 'fixtures', 'test-layers', fixture), this.project, { recursive: true });
  }

  /** Starts the workspace; `upArgs` such as `--latency 50`. */
  up(upArgs: readonly string[] = []): void {
    const databricks = tool('databricks');
    const started = dataops(['local', 'up', '--data-dir', this.dataDir, '--detach', ...upArgs]);
    if (started.code !== 0) throw new Error(`dataops local up failed: ${started.stderr}`);
    this.url = started.stdout.trim();
    const emptyConfig = path.join(this.work, 'databrickscfg');
    writeFileSync(emptyConfig, '');
    this.env = {
      ...cleanEnv(process.env),
      ...exportsOf(dataops(['local', 'env', '--data-dir', this.dataDir]).stdout),
      DATABRICKS_CONFIG_FILE: emptyConfig,
      // No Terraform here: the CLI's direct deployment engine talks to the workspace itself.
      DATABRICKS_BUNDLE_ENGINE: 'direct',
      PATH: `${path.dirname(databricks)}${path.delimiter}${process.env.PATH ?? ''}`,
    };
  }

  down(): void {
    dataops(['local', 'down', '--data-dir', this.dataDir]);
  }

  /** The real Databricks CLI in the project. */
  databricks(...args: string[]): { code: number; out: string; stdout: string } {
    const result = spawnSync(tool('databricks'), args, { cwd: this.project, env: this.env, encoding: 'utf8', timeout: 180_000 });
    return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
  }

  deploy(): void {
    const deployed = this.databricks('bundle', 'deploy');
    if (deployed.code !== 0) throw new Error(`databricks bundle deploy failed: ${deployed.out}`);
  }

  /** Resource ids by type and key, from the real CLI's bundle summary. */
  ids(): Record<string, Record<string, string>> {
    const summary = this.databricks('bundle', 'summary', '-o', 'json');
    if (summary.code !== 0) throw new Error(`databricks bundle summary failed: ${summary.out}`);
    const resources = (JSON.parse(summary.stdout) as { resources: Record<string, Record<string, { id?: string }>> }).resources;
    return Object.fromEntries(Object.entries(resources).map(([type, byKey]) => [type, Object.fromEntries(Object.entries(byKey).map(([key, r]) => [key, r.id ?? '']))]));
  }

  /** Calls the local workspace's REST API as the developer. */
  async api<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${this.env.DATABRICKS_TOKEN ?? ''}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  remove(): void {
    this.down();
    rmSync(this.work, { recursive: true, force: true });
  }
}

function exportsOf(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}
