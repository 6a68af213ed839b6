/**
 * Starts `python -m databricks.bundles.build` the way the Databricks CLI does: the
 * interpreter of `venv_path` (else `python3` on PATH), in the bundle root, with input.json
 * in a private temporary directory (DATABRICKS_BUNDLE_TMP/default/python when set, kept
 * there for inspection as the CLI keeps it). Synchronous: the resolver's steps are.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PythonBuildRequest, PythonBuildResult, PythonRunner } from '../core/bundle/model.js';

/** Long enough for a large Python bundle on a slow runner; a hung interpreter must not hang dataops. */
const BUILD_TIMEOUT_MS = 600_000;

export function pythonRunner(rootDir: string, env: NodeJS.ProcessEnv): PythonRunner {
  return {
    build(request) {
      const interpreter = request.venvPath === '' ? onPath('python3', env) : inVenv(rootDir, request.venvPath);
      if (typeof interpreter !== 'string') return interpreter;
      const { dir, cleanup } = workDir(env);
      try {
        return run(interpreter, request, dir, rootDir, env);
      } finally {
        cleanup();
      }
    },
  };
}

function run(interpreter: string, request: PythonBuildRequest, dir: string, rootDir: string, env: NodeJS.ProcessEnv): PythonBuildResult {
  const file = (name: string): string => path.join(dir, name);
  writeFileSync(file('input.json'), request.input, { mode: 0o600 });
  for (const name of ['output.json', 'diagnostics.json', 'locations.json']) rmSync(file(name), { force: true });
  const args = ['-m', 'databricks.bundles.build', '--phase', request.phase, '--input', file('input.json'), '--output', file('output.json')];
  args.push('--diagnostics', file('diagnostics.json'), '--locations', file('locations.json'));
  const child = spawnSync(interpreter, args, { cwd: rootDir, env, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const read = (name: string): string | undefined => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : undefined);
  const exitError = child.error ? child.error.message : child.signal ? `signal: ${child.signal}` : child.status !== 0 ? `exit status ${child.status}` : undefined;
  return {
    kind: 'ran',
    ...(exitError === undefined ? {} : { exitError }),
    stderr: child.stderr ?? '',
    output: read('output.json'),
    diagnostics: read('diagnostics.json'),
    locations: read('locations.json'),
  };
}

function workDir(env: NodeJS.ProcessEnv): { dir: string; cleanup: () => void } {
  const kept = env.DATABRICKS_BUNDLE_TMP;
  if (kept) {
    const dir = path.join(kept, 'default', 'python');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return { dir, cleanup: () => undefined };
  }
  // input.json holds the whole configuration: it does not outlive the run.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-python-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** exec.LookPath, with the CLI's wording when nothing is found. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | PythonBuildResult {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return { kind: 'no-interpreter', reason: `exec: "${name}": executable file not found in $PATH` };
}

/** The venv's interpreter; messages name the paths as written in venv_path, as the CLI's do. */
function inVenv(rootDir: string, venvPath: string): string | PythonBuildResult {
  const interpreter = path.resolve(rootDir, venvPath, 'bin', 'python3');
  if (!existsSync(interpreter)) return { kind: 'no-interpreter', reason: `can't find "${path.join(venvPath, 'bin', 'python3')}", check if virtualenv is created` };
  if (!existsSync(path.resolve(rootDir, venvPath, 'pyvenv.cfg'))) return { kind: 'no-interpreter', reason: `expected "${venvPath}" to be virtualenv, but pyvenv.cfg is missing` };
  return interpreter;
}
