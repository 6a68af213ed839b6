// Speed of `dataops validate` on a large bundle: 1,000 jobs in 100 files, 20 pipelines,
// 10 dashboards, 40 SQL files and 3 targets. Times the whole process (dist/dataops), first the
// cold run (empty cache: schema compile, SQL parse), then the median of warm runs.
//   node bench/validate.mjs [runs]       (default 7 warm runs; target: median ≤ 1 s)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';
import { DASHBOARDS, FILES, generate, JOBS_PER_FILE, PIPELINES, SQL_FILES } from './large-bundle.mjs';

const runs = Math.max(5, Number(process.argv[2] ?? 7));
const binary = path.join(ROOT, 'dist', 'dataops');
if (!existsSync(binary)) {
  console.error('dist/dataops is missing: run npm run build first');
  process.exit(2);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const root = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-validate-'));
const cache = path.join(root, '.cache');
generate(root);
const env = {
  ...process.env,
  NODE_OPTIONS: '',
  XDG_CACHE_HOME: cache,
  DATAOPS_CURRENT_USER: 'bench@example.com',
  DATAOPS_CURRENT_USER_ID: '1000012345',
  DATAOPS_GIT_BRANCH: 'feature/bench',
  DATAOPS_GIT_COMMIT: '0123456789abcdef0123456789abcdef01234567',
};
// Without a Databricks CLI on PATH, the reference schema stands in for `databricks bundle schema`.
if (spawnSync('databricks', ['--version'], { env }).status !== 0) env.DATAOPS_BUNDLE_SCHEMA = path.join(ROOT, '..', 'shared', 'reference', 'databricks-bundle.schema.json');

function time() {
  const started = process.hrtime.bigint();
  const result = spawnSync(binary, ['validate', '--format', 'json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(result.stderr, result.stdout.slice(0, 4000));
    throw new Error(`dataops validate exited ${result.status}: the generated bundle should be clean`);
  }
  return { ms, report: JSON.parse(result.stdout) };
}

try {
  const cold = time();
  const warm = Array.from({ length: runs }, () => time().ms);
  const { summary } = cold.report;
  console.log(`bundle: ${FILES * JOBS_PER_FILE} jobs in ${FILES} files, ${PIPELINES} pipelines, ${DASHBOARDS} dashboards, ${SQL_FILES + PIPELINES} SQL files; targets ${summary.targets.join(', ')}`);
  console.log(`findings: ${summary.errors} errors, ${summary.warnings} warnings`);
  console.log(`cold run (empty cache): ${cold.ms.toFixed(0)} ms`);
  console.log(`warm runs: ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  console.log(`median of ${runs} warm runs: ${median(warm).toFixed(0)} ms (target ≤ 1000 ms)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
