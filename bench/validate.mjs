// Speed and memory of `dataops validate` on the generated bundle (bench/lib/bundle.mjs: ten jobs
// per file, 20 pipelines, 10 dashboards, 60 SQL files, 3 targets), whole process of the built
// binary: the cold run (empty cache: schema compile, SQL parse), then the median of warm runs in
// CPU time (user + sys), wall time and peak resident memory. With several --binary, the runs
// alternate between them and their outputs must be byte-identical.
//   node bench/validate.mjs [runs] [--jobs 1000,5000] [--binary FILE]...
//   (default 5 warm runs, 1,000 jobs, dist/dataops)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/node-runtime.mjs';
import { BUNDLE_ENV, generateBundle } from './lib/bundle.mjs';
import { alternate, machineLoad, measure, median } from './lib/measure.mjs';

const args = process.argv.slice(2);
const valueOf = (flag) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const binaries = valueOf('--binary').map((file) => path.resolve(file));
if (binaries.length === 0) binaries.push(path.join(ROOT, 'dist', 'dataops'));
const sizes = (valueOf('--jobs')[0] ?? '1000').split(',').map(Number);
const runs = Number(args.find((arg, i) => /^\d+$/.test(arg) && !args[i - 1]?.startsWith('--')) ?? 5);
for (const binary of binaries) {
  if (!existsSync(binary)) {
    console.error(`${binary} is missing: run npm run build first`);
    process.exit(2);
  }
}
// Every binary validates against the same schema file, so they do the same work.
const SCHEMA = path.join(ROOT, '..', 'shared', 'reference', 'databricks-bundle.schema.json');

console.log(`${machineLoad()}; ${runs} warm runs each, alternated`);
const figures = [];
for (const jobs of sizes) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dataops-bench-validate-'));
  try {
    const shape = generateBundle(root, jobs);
    const cases = {};
    const outputs = new Map();
    binaries.forEach((binary, i) => {
      const env = { ...process.env, ...BUNDLE_ENV, NODE_OPTIONS: '', XDG_CACHE_HOME: path.join(root, `.cache-${i}`), DATAOPS_BUNDLE_SCHEMA: SCHEMA };
      const name = binaries.length > 1 ? path.basename(binary) : 'dataops';
      cases[name] = () => {
        const m = measure(binary, ['validate', '--format', 'json'], { cwd: root, env });
        if (m.status !== 0) throw new Error(`${binary} validate exited ${m.status}: the generated bundle should be clean\n${m.stderr}`);
        const previous = outputs.get(name);
        if (previous !== undefined && !previous.equals(m.stdout)) throw new Error(`${name}: two runs printed different reports`);
        outputs.set(name, m.stdout);
        return m;
      };
    });
    // The first run of each binary fills its own cache directory: that is the cold run.
    const coldRuns = Object.fromEntries(Object.entries(cases).map(([name, run]) => [name, run()]));
    const warm = alternate(cases, runs);
    const [first, ...rest] = [...outputs.values()];
    const identical = rest.every((o) => o.equals(first));
    console.log(`\n${shape.jobs} jobs in ${shape.files} files, ${shape.pipelines} pipelines, ${shape.dashboards} dashboards, ${shape.sqlFiles} SQL files, 3 targets; outputs ${binaries.length > 1 ? (identical ? 'byte-identical' : 'DIFFERENT') : `${first.length} bytes`}`);
    for (const [name, list] of Object.entries(warm)) {
      const cpu = median(list.map((m) => m.cpuMs));
      const f = { name, jobs: shape.jobs, cpuMs: cpu, wallMs: median(list.map((m) => m.wallMs)), rssMiB: Math.max(...list.map((m) => m.maxRssMiB)), coldCpuMs: coldRuns[name].cpuMs, coldRssMiB: coldRuns[name].maxRssMiB };
      figures.push(f);
      console.log(`  ${name.padEnd(24)} warm: CPU ${cpu.toFixed(0)} ms, wall ${f.wallMs.toFixed(0)} ms, peak RSS ${f.rssMiB.toFixed(0)} MiB; cold: CPU ${f.coldCpuMs.toFixed(0)} ms, peak RSS ${f.coldRssMiB.toFixed(0)} MiB`);
    }
    if (!identical) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
if (binaries.length > 1) {
  const [base] = figures;
  console.log(`\nCPU ratios to ${base.name} at the same size:`);
  for (const f of figures) {
    const peer = figures.find((g) => g.name === base.name && g.jobs === f.jobs);
    console.log(`  ${f.name.padEnd(24)} ${f.jobs} jobs: ${(f.cpuMs / peer.cpuMs).toFixed(2)}`);
  }
}
for (const name of new Set(figures.map((f) => f.name))) {
  const mine = figures.filter((f) => f.name === name).sort((a, b) => a.jobs - b.jobs);
  if (mine.length > 1) {
    const [small, large] = [mine[0], mine.at(-1)];
    const perJob = (large.cpuMs - small.cpuMs) / (large.jobs - small.jobs);
    console.log(`${name}: ${perJob.toFixed(2)} ms CPU per job; ${large.jobs} jobs cost ${(large.cpuMs / small.cpuMs).toFixed(2)}× ${small.jobs} (linear: ${(large.jobs / small.jobs).toFixed(0)}×, ${((small.cpuMs - perJob * small.jobs)).toFixed(0)} ms fixed)`);
  }
}
