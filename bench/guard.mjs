// Speed of `dataops guard` on a busy workspace: `dataops local` holding 10,000 jobs, 2,000
// pipelines and 500 dashboards, every call delayed 20 ms (--latency 20), and a 50-resource
// bundle (30 jobs, 10 pipelines, 10 dashboards) that the real Databricks CLI deployed there.
// Reports the wall time of the whole process (dist/dataops) and the HTTP requests it made,
// counted in the server's request log, and its CPU time.
//   node bench/guard.mjs [runs] [--scale N] [--binary FILE]...
//     default 5 runs, the workspace above (--scale 5: 50,000 jobs, 10,000 pipelines, 2,500 dashboards),
//     dist/dataops. With several --binary, the runs alternate between them at concurrency 8.
//     Targets: median ≤ 1 s at --scale 5; requests grow with the bundle, not with the workspace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';
import { machineLoad, measure, median } from './lib/measure.mjs';

const args = process.argv.slice(2);
const valueOf = (flag) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const runs = Math.max(3, Number(args.find((arg, i) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--')) ?? 5));
const scale = Number(valueOf('--scale')[0] ?? 1);
const binaries = valueOf('--binary').map((file) => path.resolve(file));
if (binaries.length === 0) binaries.push(path.join(ROOT, 'dist', 'dataops'));
// The workspace is served by the first binary; every binary's guard runs against it.
const binary = binaries[0];
const databricks = path.join(ROOT, '.tools', 'bin', 'databricks');
for (const [file, fix] of [
  ...binaries.map((b) => [b, 'npm run build']),
  [databricks, 'bash scripts/install-test-tools.sh'],
]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run ${fix}`);
    process.exit(2);
  }
}

const SEED = { jobs: 10_000 * scale, pipelines: 2_000 * scale, dashboards: 500 * scale };
const BUNDLE = { jobs: 30, pipelines: 10, dashboards: 10 };
const LATENCY_MS = 20;

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


try {
  generateBundle();
  let env = up();
  const owner = JSON.parse(must(run(databricks, ['current-user', 'me', '-o', 'json'], { env }), 'databricks current-user me').stdout).userName;
  must(run(databricks, ['bundle', 'deploy'], { cwd: bundleDir, env }), 'databricks bundle deploy');
  down();
  seedWorkspace(owner);
  env = up(['--latency', String(LATENCY_MS), '--verbose']);

  const resources = BUNDLE.jobs + BUNDLE.pipelines + BUNDLE.dashboards;
  // One question per resource, /Me and the three state files: nothing that grows with the workspace.
  const budget = resources + 1 + 3;
  const load = machineLoad();
  const results = new Map(binaries.map((b) => [b, { wall: [], cpu: [], requests: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const guardBinary of binaries) {
      const offset = logSize();
      const m = measure(guardBinary, ['guard', '--json', '--concurrency', '8'], { cwd: bundleDir, env });
      // The detached server writes its log asynchronously: give it a moment to flush.
      spawnSync('sleep', ['0.2']);
      const requests = requestsSince(offset);
      const report = JSON.parse(m.stdout.toString());
      if (m.status !== 0 || report.summary.owned !== resources) {
        console.error(`${guardBinary}: guard did not pass cleanly (exit ${m.status}):\n${m.stderr}`);
        process.exit(1);
      }
      const r = results.get(guardBinary);
      r.wall.push(m.wallMs);
      r.cpu.push(m.cpuMs);
      r.requests = requests;
    }
  }
  console.log(`dataops guard: ${resources} resources (${BUNDLE.jobs} jobs, ${BUNDLE.pipelines} pipelines, ${BUNDLE.dashboards} dashboards) against`);
  console.log(`dataops local with ${SEED.jobs} jobs, ${SEED.pipelines} pipelines, ${SEED.dashboards} dashboards, --latency ${LATENCY_MS}; ${runs} runs each at concurrency 8, alternated; ${load}`);
  let ok = true;
  for (const [guardBinary, r] of results) {
    const byEndpoint = {};
    for (const line of r.requests) {
      const endpoint = line.replace(/^.*?(GET|POST|PUT|PATCH|DELETE) (\/api\/[^?\s]*).*$/, '$1 $2').replace(/\/[0-9a-f-]{32,36}$/, '/{id}');
      byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    }
    const wall = median(r.wall);
    console.log(`  ${path.basename(guardBinary)}: median wall ${wall.toFixed(0)} ms (best ${Math.min(...r.wall).toFixed(0)} ms), CPU ${median(r.cpu).toFixed(0)} ms, ${r.requests.length} HTTP requests`);
    console.log(`    by endpoint: ${JSON.stringify(byEndpoint)}`);
    ok &&= wall <= 1000 && r.requests.length <= budget;
  }
  console.log(`targets: median ≤ 1000 ms; ≤ ${budget} requests (${resources} resources, /Me, 3 state files)`);
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  down();
  rmSync(work, { recursive: true, force: true });
}
