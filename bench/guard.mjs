// Speed of `dataops guard` on a busy workspace: `dataops local` holding 10,000 jobs, 2,000
// pipelines, 500 dashboards and 300 of each other type it serves (schemas, volumes, registered
// models, quality monitors, experiments, serving endpoints, apps, secret scopes, clusters, SQL
// warehouses, alerts, database instances), every call delayed 20 ms (--latency 20), and a
// 100-resource bundle across those types that the real Databricks CLI deployed there.
// Reports the wall time of the whole process (dist/dataops), its CPU time and the server's, and
// the HTTP requests it made, counted in the server's request log.
//   node bench/guard.mjs [runs] [--scale N] [--binary FILE]...
//     default 5 runs, the workspace above, dist/dataops; --scale 5 multiplies the workspace by five
//     (50,000 jobs, 10,000 pipelines, 2,500 dashboards, 1,500 of each other type). One binary: at
//     concurrency 8, 16 and 4; several --binary: alternated at concurrency 8, against one server.
//     Targets: median ≤ 2 s (≤ 1 s at --scale 5), requests ≤ resources + the pages of one listing
//     per listed type; requests grow with the bundle, not with the workspace (compare --scale 1 and 5).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineLoad, measure } from './lib/measure.mjs';
import { BINARY, DATABRICKS, must, requireBuilt, run } from './process.mjs';

const args = process.argv.slice(2);
const valueOf = (flag) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const runs = Math.max(3, Number(args.find((arg, i) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--')) ?? 5));
const scale = Number(valueOf('--scale')[0] ?? 1);
const binaries = valueOf('--binary').map((file) => path.resolve(file));
for (const file of binaries) {
  if (!existsSync(file)) {
    console.error(`${file} is missing`);
    process.exit(2);
  }
}
requireBuilt();
if (binaries.length === 0) binaries.push(BINARY);
// The workspace is served by the first binary; every binary's guard runs against it.
const binary = binaries[0];
const databricks = DATABRICKS;

const SEED = { jobs: 10_000 * scale, pipelines: 2_000 * scale, dashboards: 500 * scale };
/** Of each other type, in the workspace. */
const SEED_OTHERS = 300 * scale;
const BUNDLE = { jobs: 30, pipelines: 10, dashboards: 10 };
/** The other types in the bundle: 50 resources. */
const OTHERS = {
  schemas: 5, volumes: 5, registered_models: 4, quality_monitors: 3, experiments: 4, model_serving_endpoints: 4,
  apps: 4, secret_scopes: 4, clusters: 4, sql_warehouses: 4, alerts: 5, database_instances: 4,
};
/** Types looked up through one listing of all their objects, and that listing's page size (0: one page). */
const LISTED = { clusters: 100, alerts: 100, sql_warehouses: 0, secret_scopes: 0 };
const LATENCY_MS = 20;
/** The server's record of itself (src/local/control.ts), for its pid. */
const SERVER_RECORD = 'server.json';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-guard-'));
const dataDir = path.join(work, 'data');
const bundleDir = path.join(work, 'bundle');
const emptyConfig = path.join(work, 'databrickscfg');
writeFileSync(emptyConfig, '');

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
  write('resources/dashboards.yml', `variables:\n  warehouse_id:\n    lookup:\n      warehouse: Serverless Starter Warehouse\nresources:\n  dashboards:\n${dashboards.join('')}`);
  const many = (count, make) => Array.from({ length: count }, (_, i) => make(i)).join('');
  for (let i = 0; i < OTHERS.apps; i++) write(`app_${i}/app.yaml`, 'command: ["python", "app.py"]\n');
  write(
    'resources/others.yml',
    [
      'resources:',
      `  schemas:\n${many(OTHERS.schemas, (i) => `    schema_${i}:\n      catalog_name: main\n      name: bench_${i}\n`)}`,
      `  volumes:\n${many(OTHERS.volumes, (i) => `    volume_${i}:\n      catalog_name: main\n      schema_name: \${resources.schemas.schema_0.name}\n      name: files_${i}\n`)}`,
      `  registered_models:\n${many(OTHERS.registered_models, (i) => `    model_${i}:\n      catalog_name: main\n      schema_name: \${resources.schemas.schema_0.name}\n      name: model_${i}\n`)}`,
      `  quality_monitors:\n${many(OTHERS.quality_monitors, (i) => `    monitor_${i}:\n      table_name: main.bench_0.table_${i}\n      assets_dir: /Workspace/Shared/bench-monitor-${i}\n      output_schema_name: main.bench_0\n      snapshot: {}\n`)}`,
      `  experiments:\n${many(OTHERS.experiments, (i) => `    experiment_${i}:\n      name: /Workspace/Shared/bench-experiment-${i}\n`)}`,
      `  model_serving_endpoints:\n${many(OTHERS.model_serving_endpoints, (i) => `    endpoint_${i}:\n      name: bench-endpoint-${i}\n`)}`,
      `  apps:\n${many(OTHERS.apps, (i) => `    app_${i}:\n      name: bench-app-${i}\n      source_code_path: ../app_${i}\n`)}`,
      `  secret_scopes:\n${many(OTHERS.secret_scopes, (i) => `    scope_${i}:\n      name: bench-scope-${i}\n`)}`,
      `  clusters:\n${many(OTHERS.clusters, (i) => `    cluster_${i}:\n      cluster_name: bench-cluster-${i}\n      spark_version: 15.4.x-scala2.12\n      node_type_id: i3.xlarge\n      num_workers: 1\n`)}`,
      `  sql_warehouses:\n${many(OTHERS.sql_warehouses, (i) => `    warehouse_${i}:\n      name: bench-warehouse-${i}\n      cluster_size: X-Small\n      max_num_clusters: 1\n`)}`,
      `  alerts:\n${many(OTHERS.alerts, (i) => `    alert_${i}:\n      display_name: Bench alert ${i}\n      query_text: SELECT 1 AS n\n      warehouse_id: \${resources.sql_warehouses.warehouse_0.id}\n      evaluation:\n        comparison_operator: GREATER_THAN\n        source:\n          name: n\n        threshold:\n          value:\n            double_value: 0\n      schedule:\n        quartz_cron_schedule: "0 0 * * * ?"\n        timezone_id: UTC\n`)}`,
      `  database_instances:\n${many(OTHERS.database_instances, (i) => `    instance_${i}:\n      name: bench-instance-${i}\n      capacity: CU_1\n`)}`,
    ].join('\n'),
  );
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
  const now = Date.now();
  const iso = new Date(now).toISOString();
  state.resources ??= {};
  const seed = (collection, make) => {
    const items = (state.resources[collection] ??= {});
    for (let i = 0; i < SEED_OTHERS; i++) {
      const [key, value] = make(i);
      items[key] = value;
    }
  };
  seed('uc_schemas', (i) => [`main.seed_${i}`, { catalog_name: 'main', name: `seed_${i}`, full_name: `main.seed_${i}`, created_by: owner, created_at: now }]);
  seed('uc_volumes', (i) => [`main.seed_0.v${i}`, { catalog_name: 'main', schema_name: 'seed_0', name: `v${i}`, full_name: `main.seed_0.v${i}`, created_at: now }]);
  seed('uc_models', (i) => [`main.seed_0.m${i}`, { catalog_name: 'main', schema_name: 'seed_0', name: `m${i}`, full_name: `main.seed_0.m${i}`, created_at: now }]);
  seed('uc_monitors', (i) => [`main.seed_0.t${i}`, { table_name: `main.seed_0.t${i}`, status: 'MONITOR_STATUS_ACTIVE' }]);
  seed('experiments', (i) => [String(9_000_000 + i), { experiment_id: String(9_000_000 + i), name: `/Workspace/Shared/seed-experiment-${i}`, lifecycle_stage: 'active', creation_time: now }]);
  seed('serving_endpoints', (i) => [`seed-endpoint-${i}`, { name: `seed-endpoint-${i}`, creator: owner, state: { ready: 'READY', config_update: 'NOT_UPDATING' } }]);
  seed('apps', (i) => [`seed-app-${i}`, { name: `seed-app-${i}`, creator: owner, create_time: iso, compute_status: { state: 'ACTIVE' }, app_status: { state: 'RUNNING' } }]);
  seed('clusters', (i) => [`seed-${i}`, { cluster_id: `seed-${i}`, cluster_name: `seed-cluster-${i}`, creator_user_name: owner, state: 'TERMINATED', spark_version: '15.4.x-scala2.12' }]);
  seed('alerts', (i) => [`seed-alert-${i}`, { id: `seed-alert-${i}`, display_name: `Seed alert ${i}`, lifecycle_state: 'ACTIVE', owner_user_name: owner, create_time: iso }]);
  seed('database_instances', (i) => [`seed-instance-${i}`, { name: `seed-instance-${i}`, creator: owner, state: 'AVAILABLE' }]);
  for (let i = 0; i < SEED_OTHERS; i++) {
    state.secret_scopes[`seed-scope-${i}`] = { scope: { name: `seed-scope-${i}`, backend_type: 'DATABRICKS' }, acls: [] };
    const id = `seedwarehouse${String(i).padStart(4, '0')}`;
    state.warehouses[id] = { warehouse: { id, name: `Seed warehouse ${i}`, state: 'STOPPED', cluster_size: 'X-Small', warehouse_type: 'PRO', enable_serverless_compute: true, auto_stop_mins: 10, creator_name: owner, num_clusters: 1, odbc_params: { hostname: '127.0.0.1', path: `/sql/1.0/warehouses/${id}`, port: 443, protocol: 'https' } } };
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

/** CPU time (user + sys) the detached server has used so far: it answers on the same two cores. */
function serverCpuMs() {
  const { pid } = JSON.parse(readFileSync(path.join(dataDir, SERVER_RECORD), 'utf8'));
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

try {
  generateBundle();
  let env = up();
  const owner = JSON.parse(must(run(databricks, ['current-user', 'me', '-o', 'json'], { env }), 'databricks current-user me').stdout).userName;
  must(run(databricks, ['bundle', 'deploy'], { cwd: bundleDir, env }), 'databricks bundle deploy');
  down();
  seedWorkspace(owner);
  env = up(['--latency', String(LATENCY_MS), '--verbose']);

  const pagesOf = (count, page) => (page === 0 ? 1 : Math.max(1, Math.ceil(count / page)));
  const others = Object.values(OTHERS).reduce((a, b) => a + b, 0);
  const resources = BUNDLE.jobs + BUNDLE.pipelines + BUNDLE.dashboards + others;
  const listedResources = Object.keys(LISTED).reduce((n, type) => n + OTHERS[type], 0);
  const listingPages = Object.entries(LISTED).reduce((n, [type, page]) => n + pagesOf(SEED_OTHERS + OTHERS[type] + (type === 'sql_warehouses' ? 1 : 0), page), 0);
  // Per resource one call (a dashboard two: the path its deploy writes to, then the dashboard there),
  // but one shared listing per listed type; plus /Me, 4 state files, the deployment metadata and
  // the warehouse listing that resolves the bundle's `warehouse_id` lookup variable.
  const fixed = 1 + 4 + 1 + 1;
  const budget = resources + BUNDLE.dashboards - listedResources + listingPages + fixed;
  const load = machineLoad();
  const results = [];
  const cases = binaries.length > 1 ? binaries.map((b) => [b, 8]) : [8, 16, 4].map((c) => [binary, c]);
  const samples = cases.map(() => ({ wall: [], cpu: [], server: [], requests: [] }));
  for (let i = 0; i < runs; i++) {
    cases.forEach(([guardBinary, concurrency], c) => {
      const offset = logSize();
      const serverBefore = serverCpuMs();
      const m = measure(guardBinary, ['guard', '--json', '--concurrency', String(concurrency)], { cwd: bundleDir, env });
      // The detached server writes its log asynchronously: give it a moment to flush.
      spawnSync('sleep', ['0.2']);
      const report = JSON.parse(m.stdout.toString());
      // A peer built before a type was guarded owns fewer: it must pass, the binary under test own them all.
      if (m.status !== 0 || (guardBinary === binary && report.summary.owned !== resources)) {
        console.error(`${guardBinary}: guard did not pass cleanly (exit ${m.status}):\n${m.stderr}`);
        process.exit(1);
      }
      samples[c].owned = report.summary.owned;
      samples[c].wall.push(m.wallMs);
      samples[c].cpu.push(m.cpuMs);
      samples[c].server.push(serverCpuMs() - serverBefore);
      samples[c].requests = requestsSince(offset);
    });
  }
  cases.forEach(([guardBinary, concurrency], c) => {
    const s = samples[c];
    results.push({ name: path.basename(guardBinary), concurrency, medianMs: Math.round(median(s.wall)), minMs: Math.round(Math.min(...s.wall)), cpuMs: Math.round(median(s.cpu)), serverMs: Math.round(median(s.server)), requests: s.requests.length, lines: s.requests, owned: s.owned });
  });
  const byEndpoint = {};
  for (const line of results[0].lines) {
    const endpoint = line
      .replace(/^.*?(GET|POST|PUT|PATCH|DELETE) (\/api\/[^?\s]*).*$/, '$1 $2')
      .replace(/\/[0-9a-f-]{32,36}$/, '/{id}')
      .replace(/\/(bench-[\w-]+|main\.[\w.]+)(?=\/|$)/, '/{name}');
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
  }
  console.log(`dataops guard: ${resources} resources (${BUNDLE.jobs} jobs, ${BUNDLE.pipelines} pipelines, ${BUNDLE.dashboards} dashboards, ${others} of 12 other types) against`);
  console.log(`dataops local with ${SEED.jobs} jobs, ${SEED.pipelines} pipelines, ${SEED.dashboards} dashboards, ${SEED_OTHERS} of each other type, --latency ${LATENCY_MS}; ${runs} runs each, alternated; ${load}`);
  for (const r of results) {
    console.log(`  ${r.name} at concurrency ${String(r.concurrency).padStart(2)}: median ${r.medianMs} ms (best ${r.minMs} ms), CPU ${r.cpuMs} ms (the server's ${r.serverMs} ms), ${r.requests} HTTP requests, ${r.owned} resources owned`);
  }
  // The floor in the same run and load: a start of the same binary that does no work.
  const floor = median(Array.from({ length: runs }, () => {
    const started = process.hrtime.bigint();
    run(binary, ['--version']);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }));
  console.log(`floor: ${path.basename(binary)} --version ${Math.round(floor)} ms; guard at concurrency 8 = ${(results[0].medianMs / floor).toFixed(1)}× the floor; ${machineLoad()}`);
  console.log(`requests per run by endpoint (${results[0].name}): ${JSON.stringify(byEndpoint)}`);
  const limitMs = scale >= 5 ? 1000 : 2000;
  console.log(`budget: ${budget} requests (one per looked-up resource, two per dashboard, the pages of one listing per listed type, ${fixed} for identity, state, deployment metadata and the lookup variable); target: ≤ ${limitMs} ms`);
  const ours = results.filter((r) => r.name === path.basename(binary));
  const ok = ours[0].medianMs <= limitMs && ours.every((r) => r.requests <= budget);
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  down();
  rmSync(work, { recursive: true, force: true });
}
