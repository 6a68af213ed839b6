// Start-up cost of the single executable against bare Node of the SAME version as the one
// embedded (`node -e 0`), in CPU time (user + sys): `--version` and, since the help texts are
// rendered at build time, `--help` and every command's `--help` (answered by the launcher), and
// `schema dataops.yml` (a command that loads the application and does almost nothing else).
// Runs are alternated so drift hits every case alike.
//   node bench/startup.mjs [runs] [--binary FILE]...   (default 15 runs; dist/dataops; target: every
//                                                       ratio ≤ 1.5). Several --binary: compared side by side.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, nativeTarget, nodeBinary, nodeRuntime } from '../scripts/node-runtime.mjs';
import { alternate, machineLoad, measure, median } from './lib/measure.mjs';

const args = process.argv.slice(2);
const binaries = args.flatMap((arg, i) => (args[i - 1] === '--binary' ? [path.resolve(arg)] : []));
if (binaries.length === 0) binaries.push(path.join(ROOT, 'dist', 'dataops'));
const runs = Number(args.find((arg, i) => /^\d+$/.test(arg) && args[i - 1] !== '--binary') ?? 15);
for (const binary of binaries) {
  if (!existsSync(binary)) {
    console.error(`${binary} is missing: run npm run build first`);
    process.exit(2);
  }
}
const node = nodeBinary(nativeTarget());
const env = { ...process.env, NODE_OPTIONS: '' };
const COMMANDS = ['init', 'resolve', 'validate', 'schema', 'notify', 'version', 'release', 'commitlint', 'sandbox', 'deploy', 'guard', 'drift', 'destroy', 'setup', 'test', 'verify', 'slo', 'local', 'doctor', 'completion'];
const INVOCATIONS = [['--version'], ['--help'], ...COMMANDS.map((c) => [c, '--help']), ['schema', 'dataops.yml']];

function run(command, argv) {
  const m = measure(command, argv, { env });
  if (m.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited ${m.status}: ${m.stderr}`);
  return m;
}

const cases = { 'node -e 0': () => run(node, ['-e', '0']) };
for (const binary of binaries) for (const argv of INVOCATIONS) cases[`${binaries.length > 1 ? `${path.basename(binary)} ` : ''}${argv.join(' ')}`] = () => run(binary, argv);
const load = machineLoad();
const results = alternate(cases, runs);
const base = median(results['node -e 0'].map((m) => m.cpuMs));
console.log(`node ${nodeRuntime(nativeTarget()).version}; ${runs} alternated runs each; ${load} at the start, ${machineLoad()} at the end`);
console.log(`${'case'.padEnd(44)} ${'CPU ms'.padStart(8)} ${'ratio'.padStart(6)} ${'wall ms'.padStart(8)} ${'RSS MiB'.padStart(8)}`);
let worstHelp = 0;
let worstApplication = 0;
for (const [name, list] of Object.entries(results)) {
  const cpu = median(list.map((m) => m.cpuMs));
  if (name.endsWith('--help')) worstHelp = Math.max(worstHelp, cpu / base);
  else if (name !== 'node -e 0' && !name.endsWith('--version')) worstApplication = Math.max(worstApplication, cpu / base);
  console.log(`${name.padEnd(44)} ${cpu.toFixed(1).padStart(8)} ${(cpu / base).toFixed(2).padStart(6)} ${median(list.map((m) => m.wallMs)).toFixed(1).padStart(8)} ${median(list.map((m) => m.maxRssMiB)).toFixed(0).padStart(8)}`);
}
console.log(`worst ratio of a --help: ${worstHelp.toFixed(2)}; of a command that loads the application: ${worstApplication.toFixed(2)} (target ≤ 1.5 for both)`);
