// dataops beside the real Databricks CLI on the generated bundles (bench/lib/bundle.mjs): for each
// size, `dataops validate` (every target, one process) against `databricks bundle validate -o json`
// of each target, and `dataops resolve -t T` against the CLI's run for that target (its JSON is what
// resolve prints). CPU time (user + sys), wall time and peak memory of whole processes; ratios
// dataops / CLI. The CLI asks a workspace for the current user, so `dataops local` serves it.
//   node bench/compare.mjs [--jobs 100,1000,5000] [--runs N] [--cli-max-jobs N]
//   defaults: 100 and 1,000 jobs; dataops median of 3 runs; the CLI once per target (it is slow:
//   5,000 jobs took 451 s for one target here), and at sizes above --cli-max-jobs (1,000) one
//   run of one target (dev) only, or none with --cli-max-jobs 0.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';
import { BUNDLE_ENV, generateBundle } from './lib/bundle.mjs';
import { machineLoad, measure, median } from './lib/measure.mjs';

const args = process.argv.slice(2);
const valueOf = (flag, fallback) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []))[0] ?? fallback;
const sizes = valueOf('--jobs', '100,1000').split(',').map(Number);
const runs = Number(valueOf('--runs', '3'));
const cliMaxJobs = Number(valueOf('--cli-max-jobs', '1000'));
const dataops = path.join(ROOT, 'dist', 'dataops');
const databricks = path.join(ROOT, '.tools', 'bin', 'databricks');
for (const [file, fix] of [
  [dataops, 'npm run build'],
  [databricks, 'bash scripts/install-test-tools.sh'],
]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run ${fix}`);
    process.exit(2);
  }
}
const TARGETS = ['dev', 'staging', 'prod'];
const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-compare-'));
const dataDir = path.join(work, 'local');

function must(result, what) {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stderr}`);
  return result;
}

/** dataops local for the CLI's current-user call; the environment both tools run in. */
function workspaceEnv() {
  must(spawnSync(dataops, ['local', 'up', '--data-dir', dataDir, '--detach'], { encoding: 'utf8' }), 'dataops local up');
  const exports = must(spawnSync(dataops, ['local', 'env', '--data-dir', dataDir], { encoding: 'utf8' }), 'dataops local env').stdout;
  const config = path.join(work, 'databrickscfg');
  writeFileSync(config, '');
  const env = { ...process.env, NODE_OPTIONS: '', DATABRICKS_CONFIG_FILE: config, XDG_CACHE_HOME: path.join(work, 'cache') };
  for (const name of Object.keys(env)) if (/^(GITHUB_|BUNDLE_VAR_|DATAOPS_)/.test(name) || name === 'CI') delete env[name];
  for (const [, name, value] of exports.matchAll(/^export (\w+)=(.*)$/gm)) env[name] = value;
  // dataops resolves offline as the same user; the CLI learns it from the workspace.
  const me = JSON.parse(must(spawnSync(databricks, ['current-user', 'me', '-o', 'json'], { env, encoding: 'utf8' }), 'databricks current-user me').stdout);
  return { cli: env, dataops: { ...env, ...BUNDLE_ENV, DATAOPS_CURRENT_USER: me.userName, DATAOPS_CURRENT_USER_ID: String(me.id) } };
}

function ok(m, what) {
  if (m.status !== 0) throw new Error(`${what} exited ${m.status}:\n${m.stderr}`);
  return m;
}

const fmt = (m) => `CPU ${(m.cpuMs / 1000).toFixed(2)} s, wall ${(m.wallMs / 1000).toFixed(2)} s, ${m.maxRssMiB.toFixed(0)} MiB`;
const medianOf = (list) => ({ cpuMs: median(list.map((m) => m.cpuMs)), wallMs: median(list.map((m) => m.wallMs)), maxRssMiB: Math.max(...list.map((m) => m.maxRssMiB)) });

try {
  const env = workspaceEnv();
  console.log(`${machineLoad()}; dataops: median of ${runs} runs after one warm-up; Databricks CLI ${must(spawnSync(databricks, ['--version'], { encoding: 'utf8' }), 'databricks --version').stdout.trim()}: one run per target`);
  for (const jobs of sizes) {
    const root = path.join(work, `bundle-${jobs}`);
    const shape = generateBundle(root, jobs);
    // The CLI's git facts come from the repository; dataops's from BUNDLE_ENV: give the CLI the same branch.
    for (const argv of [['init', '-q', '-b', BUNDLE_ENV.DATAOPS_GIT_BRANCH], ['add', '-A'], ['-c', 'user.email=b@example.com', '-c', 'user.name=b', 'commit', '-qm', 'bench']]) must(spawnSync('git', argv, { cwd: root, encoding: 'utf8' }), `git ${argv[0]}`);
    const run = (command, argv, e) => () => ok(measure(command, argv, { cwd: root, env: e }), `${path.basename(command)} ${argv.join(' ')}`);
    const dataopsValidate = run(dataops, ['validate', '--format', 'json'], env.dataops);
    dataopsValidate();
    const validate = medianOf(Array.from({ length: runs }, dataopsValidate));
    const cliTargets = jobs <= cliMaxJobs ? TARGETS : cliMaxJobs > 0 ? ['dev'] : [];
    console.log(`\n${shape.jobs} jobs (${shape.files} files, ${shape.pipelines} pipelines, ${shape.dashboards} dashboards, 3 targets)`);
    console.log(`  dataops validate (3 targets):        ${fmt(validate)}`);
    const cli = {};
    for (const target of cliTargets) cli[target] = run(databricks, ['bundle', 'validate', '-o', 'json', '-t', target], env.cli)();
    if (cliTargets.length === TARGETS.length) {
      const total = { cpuMs: TARGETS.reduce((n, t) => n + cli[t].cpuMs, 0), wallMs: TARGETS.reduce((n, t) => n + cli[t].wallMs, 0), maxRssMiB: Math.max(...TARGETS.map((t) => cli[t].maxRssMiB)) };
      console.log(`  databricks bundle validate × 3:      ${fmt(total)}`);
      console.log(`  validate ratio dataops / CLI:        CPU ${(validate.cpuMs / total.cpuMs).toFixed(3)}, wall ${(validate.wallMs / total.wallMs).toFixed(3)}, memory ${(validate.maxRssMiB / total.maxRssMiB).toFixed(2)}`);
    } else if (cliTargets.length === 0) {
      console.log(`  databricks bundle validate: skipped (--cli-max-jobs ${cliMaxJobs}: the CLI took 451 s for one target of 5,000 jobs on this machine)`);
    }
    for (const target of TARGETS) {
      const resolveRun = run(dataops, ['resolve', '-t', target], env.dataops);
      resolveRun();
      const resolve = medianOf(Array.from({ length: runs }, resolveRun));
      const peer = cli[target];
      const ratio = peer ? `; ratio CPU ${(resolve.cpuMs / peer.cpuMs).toFixed(3)}, wall ${(resolve.wallMs / peer.wallMs).toFixed(3)}, memory ${(resolve.maxRssMiB / peer.maxRssMiB).toFixed(2)} against the CLI's ${fmt(peer)}` : '';
      console.log(`  dataops resolve -t ${target.padEnd(8)}         ${fmt(resolve)}${ratio}`);
    }
    if (cliTargets.length === 1) console.log(`  (the CLI ran for ${cliTargets[0]} only at this size: see --cli-max-jobs)`);
  }
} finally {
  spawnSync(dataops, ['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
}
