import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { NOT_FOUND, runProcess, type ProcessResult } from './process.js';

/**
 * The project's Python: its `.venv` first (what `task` and a developer use), then
 * `python3` on PATH (a CI runner's setup-python, an activated virtualenv).
 */
export function findPython(root: string, env: NodeJS.ProcessEnv): string {
  const inVenv = [path.join(root, '.venv', 'bin', 'python'), path.join(root, '.venv', 'Scripts', 'python.exe')].find(isExecutable);
  if (inVenv) return inVenv;
  const names = process.platform === 'win32' ? ['python3.exe', 'python.exe'] : ['python3'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const found = names.map((name) => path.join(dir, name)).find(isExecutable);
    if (found) return found;
  }
  throw new UsageError('no Python found: neither .venv/bin/python in the project nor python3 on PATH', {
    hint: 'create the project virtualenv: python3 -m venv .venv && .venv/bin/pip install pytest',
  });
}

/**
 * Runs `python <args>` in the project root, handing each line of output to `onLine` as it
 * comes. The reports directory is created first: pytest does not create it.
 */
export async function runPytest(
  python: string,
  args: readonly string[],
  options: { root: string; env: NodeJS.ProcessEnv; onLine: (line: string) => void },
): Promise<ProcessResult> {
  await mkdir(path.join(options.root, 'reports'), { recursive: true });
  const pending = { stdout: '', stderr: '' };
  const result = await runProcess(python, args, {
    cwd: options.root,
    env: options.env,
    onOutput: (chunk, stream) => {
      const lines = (pending[stream] + chunk).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    },
  });
  for (const rest of [pending.stdout, pending.stderr]) if (rest) options.onLine(rest);
  if (result.exitCode === NOT_FOUND) throw new UsageError(`${python} could not be started`, { hint: 'check the project virtualenv (.venv)' });
  if (result.exitCode !== 0 && /No module named pytest/.test(result.stderr)) {
    throw new UsageError(`pytest is not installed for ${python}`, { hint: `install it: ${python} -m pip install pytest` });
  }
  return result;
}

/** The text of a report pytest wrote, or undefined when it wrote none. */
export async function readReport(root: string, relativePath: string): Promise<string | undefined> {
  return readFile(path.join(root, relativePath), 'utf8').catch(() => undefined);
}

export function directoryExists(root: string, relativePath: string): boolean {
  return existsSync(path.join(root, relativePath));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
