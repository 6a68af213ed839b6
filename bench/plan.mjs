// Speed of `dataops plan` on the large bundle (bench/lib/bundle.mjs: 1,000 jobs, 20 pipelines,
// 10 dashboards), target staging, against `dataops local`, next to the Databricks CLI's own
// `databricks bundle plan -o json` in the same run, alternating, so both see the same load.
// dataops plan runs that same CLI plan and the guard beside it, then joins them: the ratio is
// what dataops adds.
//   node bench/plan.mjs [runs]    (default 3 each)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BINARY, DATABRICKS, must, requireBuilt, run } from './process.mjs';
import { generateBundle } from './lib/bundle.mjs';

const runs = Math.max(1, Number(process.argv[2] ?? 3));
requireBuilt();
const binary = BINARY;
const databricks = DATABRICKS;

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-plan-'));
const dataDir = path.join(work, 'data');
const bundle = path.join(work, 'bundle');
const emptyConfig = path.join(work, 'databrickscfg');
writeFileSync(emptyConfig, '');
const generated = generateBundle(bundle, 1000);

must(run(binary, ['local', 'up', '--data-dir', dataDir, '--detach']), 'dataops local up');
const env = { ...process.env, DATABRICKS_CONFIG_FILE: emptyConfig, DATABRICKS_BUNDLE_ENGINE: 'direct', XDG_CACHE_HOME: path.join(work, 'cache'), PATH: `${path.dirname(databricks)}${path.delimiter}${process.env.PATH}` };
for (const name of Object.keys(env)) if (/^(GITHUB_|BUNDLE_VAR_|DATAOPS_)/.test(name) || name === 'CI' || name === 'NODE_OPTIONS') delete env[name];
for (const [, name, value] of must(run(binary, ['local', 'env', '--data-dir', dataDir]), 'dataops local env').stdout.matchAll(/^export (\w+)=(.*)$/gm)) env[name] = value;

function timed(command, args) {
  const started = process.hrtime.bigint();
  const result = must(run(command, args, { cwd: bundle, env, timeout: 900_000 }), `${path.basename(command)} ${args.join(' ')}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  const cli = [];
  const ours = [];
  let planned = 0;
  for (let i = 0; i < runs; i++) {
    cli.push(timed(databricks, ['bundle', 'plan', '-t', 'staging', '-o', 'json']).seconds);
    const dataops = timed(binary, ['plan', '-t', 'staging', '--json']);
    ours.push(dataops.seconds);
    planned = JSON.parse(dataops.stdout).resources.length;
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`bundle: ${generated.jobs} jobs (${planned} resources planned), target staging, ${runs} run(s) each, load average ${load}`);
  console.log(`databricks bundle plan -o json: median ${median(cli).toFixed(2)} s (${cli.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`dataops plan --json:            median ${median(ours).toFixed(2)} s (${ours.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`ratio dataops / CLI: ${(median(ours) / median(cli)).toFixed(2)}`);
} finally {
  run(binary, ['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
}
