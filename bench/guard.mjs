// Speed of `dataops guard` on a busy workspace: `dataops local` holding 10,000 jobs, 2,000
// pipelines and 500 dashboards, every call delayed 20 ms (--latency 20), and a 50-resource
// bundle (30 jobs, 10 pipelines, 10 dashboards) that the real Databricks CLI deployed there.
// Reports the wall time of the whole process (dist/dataops) and the HTTP requests it made,
// counted in the server's request log.
//   node bench/guard.mjs [runs]    (default 5; targets: median ≤ 2 s, requests ≤ resources +
//                                   the pages of one filtered listing per resource type)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';

const runs = Math.max(3, Number(process.argv[2] ?? 5));
const binary = path.join(ROOT, 'dist', 'dataops');
const databricks = path.join(ROOT, '.tools', 'bin', 'databricks');
for (const [file, fix] of [
  [binary, 'npm run build'],
  [databricks, 'bash scripts/install-test-tools.sh'],
]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run ${fix}`);
    process.exit(2);
  }
}

const SEED = { jobs: 10_000, pipelines: 2_000, dashboards: 500 };
const BUNDLE = { jobs: 30, pipelines: 10, dashboards: 10 };
const LATENCY_MS = 20;
/** Page sizes dataops asks for: jobs 100 (the API's maximum), pipelines 100, dashboards 100. */
const PAGE = { jobs: 100, pipelines: 100, dashboards: 100 };

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-guard-'));
const dataDir = path.join(work, 'data');
const bundleDir = path.join(work, 'bundle');
const emptyConfig = path.join(work, 'databrickscfg');
writeFileSync(emptyConfig, '');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (result.error) throw result.error;
  return result;
}

function must(result, what) {
  if (result.status !== 0) {
    console.error(`${what} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  return result;
}

function up(extra = []) {
  must(run(binary, ['local', 'up', '--data-dir', dataDir, '--detach', ...extra]), 'dataops local up');
  const exports = must(run(binary, ['local', 'env', '--data-dir', dataDir]), 'dataops local env').stdout;
  const env = { ...process.env, DATABRICKS_CONFIG_FILE: emptyConfig, XDG_CACHE_HOME: path.join(work, 'cache') };
  for (const [, name, value] of exports.matchAll(/^export (\w+)=(.*)$/gm)) env[name] = value;
  for (const name of Object.keys(env)) if (/^(GITHUB_|BUNDLE_VAR_|DATAOPS_)/.test(name) || name === 'CI') delete env[name];
  return env;
}

function down() {
  run(binary, ['local', 'down', '--data-dir', dataDir]);
}

function write(file, text) {
  mkdirSync(path.dirname(path.join(bundleDir, file)), { recursive: true });
  writeFileSync(path.join(bundleDir, file), text);
}

/** The 50-resource bundle: one file per resource type, final names without a prefix (staging). */
function generateBundle() {
  write('databricks.yml', `bundle:\n  name: bench_guard\ninclude:\n  - resources/*.yml\ntargets:\n  staging:\n    default: true\n    workspace:\n      root_path: /Workspace/Shared/.bundle/\${bundle.name}/staging\n`);
  write('src/task.py', 'print("bench")\n');
  write('src/pipeline.py', 'print("bench")\n');
  write('src/dashboard.lvdash.json', '{"datasets": [], "pages": [{"name": "p", "displayName": "P", "layout": []}]}\n');
  const jobs = Array.from({ length: BUNDLE.jobs }, (_, i) => `    job_${i}:\n      name: bench_job_${i}\n      tasks:\n        - task_key: main\n          environment_key: default\n          spark_python_task:\n            python_file: ../src/task.py\n      environments:\n        - environment_key: default\n          spec:\n            client: "2"\n`);
  write('resources/jobs.yml', `resources:\n  jobs:\n${jobs.join('')}`);
  const pipelines = Array.from({ length: BUNDLE.pipelines }, (_, i) => `    pipeline_${i}:\n      name: bench_pipeline_${i}\n      serverless: true\n      catalog: main\n      schema: bench\n      libraries:\n        - file:\n            path: ../src/pipeline.py\n`);
  write('resources/pipelines.yml', `resources:\n  pipelines:\n${pipelines.join('')}`);
  const dashboards = Array.from({ length: BUNDLE.dashboards }, (_, i) => `    dashboard_${i}:\n      display_name: Bench dashboard ${i}\n      file_path: ../src/dashboard.lvdash.json\n      warehouse_id: \${var.warehouse_id}\n`);
  write('resources/dashboards.yml', `variables:\n  warehouse_id:\n    lookup:\n      warehouse: Local Starter Warehouse\nresources:\n  dashboards:\n${dashboards.join('')}`);
}

/**
 * Seeds the stopped workspace by writing its state file: creating 12,500 objects through the
 * API would rewrite that file 12,500 times. The shapes are those of src/local/state.ts.
 */
function seedWorkspace(owner) {
  const file = path.join(dataDir, 'state.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  if (state.version !== 1) throw new Error(`dataops local state version ${state.version}: update bench/guard.mjs`);
  const created = Date.now() - 86_400_000;
  for (let i = 0; i < SEED.jobs; i++) {
    const id = ++state.next_id;
    state.jobs[id] = {
      job_id: id,
      creator_user_name: owner,
      run_as_user_name: owner,
      created_time: created + i,
      settings: { name: `seed_job_${String(i).padStart(5, '0')}`, format: 'MULTI_TASK', max_concurrent_runs: 1, timeout_seconds: 0, tasks: [{ task_key: 'main' }] },
    };
  }
  for (let i = 0; i < SEED.pipelines; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    state.pipelines[id] = { pipeline_id: id, name: `seed_pipeline_${i}`, spec: { id, name: `seed_pipeline_${i}` }, health: 'HEALTHY', creator_user_name: owner, run_as_user_name: owner, last_modified: created };
  }
  for (let i = 0; i < SEED.dashboards; i++) {
    const id = `seed${String(i).padStart(28, '0')}`;
    const time = new Date(created + i).toISOString();
    state.dashboards[id] = {
      dashboard_id: id,
      display_name: `Seed dashboard ${i}`,
      parent_path: '/Workspace/Shared/seed',
      path: `/Workspace/Shared/seed/Seed dashboard ${i}.lvdash.json`,
      etag: '1',
      lifecycle_state: 'ACTIVE',
      create_time: time,
      update_time: time,
    };
  }
  writeFileSync(file, JSON.stringify(state));
}

function logSize() {
  const file = path.join(dataDir, 'server.log');
  return existsSync(file) ? statSync(file).size : 0;
}

/** API calls the server logged since `offset` (lines like `GET /api/2.2/jobs/list?… 200`). */
function requestsSince(offset) {
  const text = readFileSync(path.join(dataDir, 'server.log')).subarray(offset).toString('utf8');
  return text.split('\n').filter((line) => /(GET|POST|PUT|PATCH|DELETE) \/api\/\S* \d{3}/.test(line));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  generateBundle();
  let env = up();
  const owner = JSON.parse(must(run(databricks, ['current-user', 'me', '-o', 'json'], { env }), 'databricks current-user me').stdout).userName;
  must(run(databricks, ['bundle', 'deploy'], { cwd: bundleDir, env }), 'databricks bundle deploy');
  down();
  seedWorkspace(owner);
  env = up(['--latency', String(LATENCY_MS), '--verbose']);

  const pagesOf = (count, page) => Math.max(1, Math.ceil(count / page));
  const resources = BUNDLE.jobs + BUNDLE.pipelines + BUNDLE.dashboards;
  const budget = resources + 1 + 1 + pagesOf(SEED.dashboards + BUNDLE.dashboards, PAGE.dashboards);
  const results = [];
  for (const concurrency of [8, 16, 4]) {
    const times = [];
    let requests = [];
    for (let i = 0; i < runs; i++) {
      const offset = logSize();
      const started = process.hrtime.bigint();
      const result = run(binary, ['guard', '--json', '--concurrency', String(concurrency)], { cwd: bundleDir, env });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      // The detached server writes its log asynchronously: give it a moment to flush.
      spawnSync('sleep', ['0.2']);
      requests = requestsSince(offset);
      const report = JSON.parse(result.stdout);
      if (result.status !== 0 || report.summary.owned !== resources) {
        console.error(`guard did not pass cleanly (exit ${result.status}):\n${result.stderr}`);
        process.exit(1);
      }
    }
    results.push({ concurrency, medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), requests: requests.length });
  }
  const byEndpoint = {};
  for (const line of requestsSince(0).slice(-results.at(-1).requests)) {
    const endpoint = line.replace(/^.*?(GET|POST|PUT|PATCH|DELETE) (\/api\/[^?\s]*).*$/, '$1 $2').replace(/\/[0-9a-f-]{32,36}$/, '/{id}');
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
  }
  console.log(`dataops guard: ${resources} resources (${BUNDLE.jobs} jobs, ${BUNDLE.pipelines} pipelines, ${BUNDLE.dashboards} dashboards) against`);
  console.log(`dataops local with ${SEED.jobs} jobs, ${SEED.pipelines} pipelines, ${SEED.dashboards} dashboards, --latency ${LATENCY_MS}; ${runs} runs each`);
  for (const r of results) console.log(`  concurrency ${String(r.concurrency).padStart(2)}: median ${r.medianMs} ms (best ${r.minMs} ms), ${r.requests} HTTP requests`);
  console.log(`requests per run by endpoint: ${JSON.stringify(byEndpoint)}`);
  console.log(`budget: ${budget} requests (${resources} resources + 1 jobs page + 1 pipelines page + ${budget - resources - 2} dashboard pages); target: ≤ 2000 ms`);
  const worst = results.find((r) => r.concurrency === 8);
  const ok = worst.medianMs <= 2000 && results.every((r) => r.requests <= budget);
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  down();
  rmSync(work, { recursive: true, force: true });
}
