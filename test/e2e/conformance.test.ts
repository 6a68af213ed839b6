/**
 * `dataops resolve` against the recorded `databricks bundle validate -o json` corpus
 * (../shared/conformance, or DATAOPS_CONFORMANCE_DIR). The figures are the floor reached
 * so far: a change that loses a case fails here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINARY, ROOT, cleanEnv } from '../helpers/binary.js';

const CORPUS = process.env.DATAOPS_CONFORMANCE_DIR ?? path.resolve(ROOT, '..', 'shared', 'conformance');
const CASES = 128;
const FLOOR_CONFIGURATION = 128;
const FLOOR_FULL = 128;

function runCorpus(extraEnv: NodeJS.ProcessEnv): { passed: number; failed: string[] } {
  if (!existsSync(path.join(CORPUS, 'run.sh'))) throw new Error(`conformance corpus not found at ${CORPUS}: set DATAOPS_CONFORMANCE_DIR`);
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run npm run build first`);
  const result = spawnSync('bash', [path.join(CORPUS, 'run.sh')], {
    env: { ...cleanEnv(process.env), RESOLVE_CMD: `${BINARY} resolve`, ...extraEnv },
    encoding: 'utf8',
    timeout: 900_000,
  });
  const summary = /(\d+) passed, (\d+) failed/.exec(result.stdout);
  if (!summary) throw new Error(`run.sh printed no summary:\n${result.stdout}\n${result.stderr}`);
  const failed = result.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
  return { passed: Number(summary[1]), failed };
}

describe('conformance with databricks bundle validate', () => {
  it(`resolves at least ${FLOOR_CONFIGURATION} of ${CASES} cases to the recorded configuration and exit status`, () => {
    const { passed, failed } = runCorpus({ CONFORMANCE_IGNORE_STDERR: '1' });
    expect(passed, failed.join('\n')).toBeGreaterThanOrEqual(FLOOR_CONFIGURATION);
  }, 900_000);

  it(`matches the recorded diagnostics too in at least ${FLOOR_FULL} cases`, () => {
    const { passed, failed } = runCorpus({});
    expect(passed, failed.join('\n')).toBeGreaterThanOrEqual(FLOOR_FULL);
  }, 900_000);
});
