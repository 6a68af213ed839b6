// Start-up cost of the single executable against bare Node of the SAME version as the one
// embedded: `dist/dataops --version` vs `node -e 0`, alternated so drift hits both alike.
// Also times `dataops doctor --help`, which loads the whole application (yargs and every
// command), so the cost a real command pays before its own work is on record too.
//   node bench/startup.mjs [runs]      (default 30 runs each; target ratio ≤ 1.5 for --version)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, nativeTarget, nodeBinary, nodeRuntime } from '../scripts/node-runtime.mjs';

const runs = Number(process.argv[2] ?? 30);
const binary = path.join(ROOT, 'dist', 'dataops');
if (!existsSync(binary)) {
  console.error('dist/dataops is missing: run npm run build first');
  process.exit(2);
}
const node = nodeBinary(nativeTarget());
const env = { ...process.env, NODE_OPTIONS: '' };

function time(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// One warm-up each so the first run's page-cache misses are not counted.
time(binary, ['--version']);
time(node, ['-e', '0']);
time(binary, ['doctor', '--help']);
const dataops = [];
const bare = [];
const app = [];
for (let i = 0; i < runs; i++) {
  dataops.push(time(binary, ['--version']));
  bare.push(time(node, ['-e', '0']));
  app.push(time(binary, ['doctor', '--help']));
}
const base = median(bare);
console.log(`node ${nodeRuntime(nativeTarget()).version} -e 0:             median ${base.toFixed(1)} ms (${runs} runs)`);
console.log(`dist/dataops --version:      median ${median(dataops).toFixed(1)} ms, ratio ${(median(dataops) / base).toFixed(2)} (target ≤ 1.5)`);
console.log(`dist/dataops doctor --help:  median ${median(app).toFixed(1)} ms, ratio ${(median(app) / base).toFixed(2)} (loads the application)`);
