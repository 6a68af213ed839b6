// What the benchmarks that drive dist/dataops and the real Databricks CLI share: the built
// programs they need, and running a process that must succeed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';

export const BINARY = path.join(ROOT, 'dist', 'dataops');
export const DATABRICKS = path.join(ROOT, '.tools', 'bin', 'databricks');

/** Exits 2 naming what to run when dist/dataops or the test tools are missing. */
export function requireBuilt() {
  for (const [file, fix] of [
    [BINARY, 'npm run build'],
    [DATABRICKS, 'bash scripts/install-test-tools.sh'],
  ]) {
    if (!existsSync(file)) {
      console.error(`${file} is missing: run ${fix}`);
      process.exit(2);
    }
  }
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

/** The result of a run that must succeed; otherwise its stderr and exit 1. */
export function must(result, what) {
  if (result.status !== 0) {
    console.error(`${what} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  return result;
}
