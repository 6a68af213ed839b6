import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './binary.js';

/**
 * Path of a real tool installed by scripts/install-test-tools.sh. Tests never fall back to
 * a fake or skip: a missing tool is a set-up error that says how to fix it.
 */
export function tool(name: 'databricks' | 'task' | 'actionlint' | 'act'): string {
  const file = path.join(ROOT, '.tools', 'bin', name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run bash scripts/install-test-tools.sh`);
  return file;
}

/** The Python interpreter of the test virtualenv (databricks-sdk, pytest). */
export function python(): string {
  const file = path.join(ROOT, '.tools', 'venv', 'bin', 'python');
  if (!existsSync(file)) throw new Error(`${file} is missing: run bash scripts/install-test-tools.sh`);
  return file;
}
