import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The team's shared folder beside the checkout (reference schemas, conformance cases). */
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const BINARY = path.join(ROOT, 'dist', 'dataops');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built single executable (never the TypeScript sources). The environment is
 * the caller's minus anything that would change dataops' behaviour behind a test's back.
 */
export function dataops(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): RunResult {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run npm run build first`);
  const env: NodeJS.ProcessEnv = { ...cleanEnv(process.env), ...options.env };
  const result: SpawnSyncReturns<string> = spawnSync(BINARY, [...args], {
    cwd: options.cwd ?? ROOT,
    env,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The process environment without CI, GitHub, Databricks and dataops settings. */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^(GITHUB_|DATABRICKS_|DATAOPS_|BUNDLE_VAR_|RUNNER_)/.test(key) || key === 'CI' || key === 'NODE_OPTIONS') continue;
    kept[key] = value;
  }
  return kept;
}

/**
 * Runs a program without blocking the event loop, so servers living in the test
 * process (release host, webhook receiver, fake GitHub) can answer it.
 */
export function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    // A child that exits without reading its input closes the pipe first: not an error of the test.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The built binary, asynchronously (see runAsync). */
export function dataopsAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return runAsync(BINARY, args, { ...options, env: { ...cleanEnv(process.env), ...options.env } });
}
