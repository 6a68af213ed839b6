// Builds dist/dataops: esbuild bundles src/ into one CommonJS file, and Node's single
// executable application support injects it into a pinned Node LTS binary.
//   node scripts/build.mjs                   this machine's binary, dist/dataops
//   node scripts/build.mjs --target T        one target, dist/release/dataops-T
//   node scripts/build.mjs --all             linux-x64 and linux-arm64 + SHA256SUMS (darwin builds on macOS)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { inlineTemplates } from './esbuild-inline-templates.mjs';
import { DUCKDB_VERSION, duckdbAssets, duckdbBindingPlugin } from './duckdb-assets.mjs';
import { ROOT, nativeTarget, nodeBinary, nodeRuntime } from './node-runtime.mjs';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const dist = path.join(ROOT, 'dist');
const args = process.argv.slice(2);
const bundleFile = path.join(dist, `dataops.${process.pid}.cjs`);
const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

async function bundle() {
  const started = Date.now();
  await build({
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    // ESM-only packages read import.meta.url; CommonJS has no import.meta, so define it from __filename.
    banner: { js: 'var __dataops_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: {
      'import.meta.url': '__dataops_import_meta_url',
      __DATAOPS_VERSION__: JSON.stringify(version),
      __DATAOPS_DUCKDB_VERSION__: JSON.stringify(DUCKDB_VERSION),
    },
    plugins: [inlineTemplates, duckdbBindingPlugin],
    logLevel: 'warning',
  });
  console.error(`bundled ${path.relative(ROOT, bundleFile)} in ${Date.now() - started}ms`);
}

function makeExecutable(target, output) {
  const native = target === nativeTarget();
  const { version: nodeVersion } = nodeRuntime(target);
  // The blob must come from the same Node version as the binary it goes into.
  if (nodeRuntime(nativeTarget()).version !== nodeVersion) {
    throw new Error(`cannot build ${target} (node ${nodeVersion}) here: this machine's pinned node is ${nodeRuntime(nativeTarget()).version}; build it on a ${target} runner`);
  }
  const hostNode = nodeBinary(nativeTarget());
  const config = JSON.parse(readFileSync(path.join(ROOT, 'sea-config.json'), 'utf8'));
  config.main = bundleFile;
  // Per-process names: several builds may run at once in one checkout.
  config.output = path.join(dist, `dataops-${target}.${process.pid}.blob`);
  // V8's code cache is specific to the architecture that made it.
  config.useCodeCache = native && config.useCodeCache;
  config.assets = { ...config.assets, ...duckdbAssets(target) };
  const configFile = path.join(dist, `sea-config-${target}.${process.pid}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  execFileSync(hostNode, ['--experimental-sea-config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });

  mkdirSync(path.dirname(output), { recursive: true });
  const tmp = `${output}.${process.pid}.tmp`;
  copyFileSync(nodeBinary(target), tmp);
  chmodSync(tmp, 0o755);
  if (native && process.platform === 'linux') execFileSync('strip', [tmp]);
  const postjectArgs = [tmp, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', SEA_FUSE];
  if (target.startsWith('darwin')) postjectArgs.push('--macho-segment-name', 'NODE_SEA');
  // postject warns "Can't find string offset for section name" on stripped binaries: harmless, so its
  // output is shown only when it fails.
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/postject/dist/cli.js'), ...postjectArgs], { stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(String(error.stderr ?? error));
    throw error;
  }
  if (target.startsWith('darwin') && process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', '--force', tmp]);
  // A rename replaces the binary even while a copy of it runs (copying onto it fails with ETXTBSY).
  renameSync(tmp, output);
  rmSync(configFile);
  rmSync(config.output);
  console.error(`built ${path.relative(ROOT, output)} (node ${nodeVersion}, ${target}, code cache ${config.useCodeCache ? 'on' : 'off'})`);
}

function writeChecksums(dir) {
  const lines = readdirSync(dir)
    .filter((name) => name.startsWith('dataops-'))
    .sort()
    .map((name) => `${createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')}  ${name}`);
  writeFileSync(path.join(dir, 'SHA256SUMS'), lines.join('\n') + '\n');
}

await bundle();
const targetFlag = args.indexOf('--target');
if (args.includes('--all')) {
  const release = path.join(dist, 'release');
  for (const target of ['linux-x64', 'linux-arm64']) makeExecutable(target, path.join(release, `dataops-${target}`));
  writeChecksums(release);
} else if (targetFlag >= 0) {
  const target = args[targetFlag + 1];
  const release = path.join(dist, 'release');
  makeExecutable(target, path.join(release, `dataops-${target}`));
  writeChecksums(release);
} else {
  makeExecutable(nativeTarget(), path.join(dist, 'dataops'));
}
rmSync(bundleFile);
