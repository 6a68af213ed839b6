// Builds dist/dataops: esbuild bundles src/ into one CommonJS file, and Node's single
// executable application support injects it into a pinned Node LTS binary.
//   node scripts/build.mjs                   this machine's binary, dist/dataops
//   node scripts/build.mjs --target T        one target, dist/release/dataops-T
//   node scripts/build.mjs --all             linux-x64 and linux-arm64 + SHA256SUMS (darwin builds on macOS)
//   --release (with --target or --all)       the release download: the binary without DuckDB as
//                                            dataops-T.tar.xz, DuckDB apart as dataops-duckdb-T.tar.xz
//                                            (install.sh adds it when asked), SHA256SUMS over both
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { builtinDynamicImports } from './esbuild-builtin-imports.mjs';
import { yargsAssert } from './esbuild-yargs-assert.mjs';
import { yargsStringWidth } from './esbuild-yargs-string-width.mjs';
import { inlineTemplates } from './esbuild-inline-templates.mjs';
import { writeBlueprintModule } from './gen-blueprint-files.mjs';
import { DUCKDB_VERSION, duckdbAssets, duckdbBindingPlugin, duckdbPackageDir, duckdbStamp } from './duckdb-assets.mjs';
import { polyglotAssets } from './polyglot-assets.mjs';
import { appPrelude } from './app-prelude.mjs';
import { makeHelpCache } from './help-cache.mjs';
import { rawImports } from './esbuild-raw-imports.mjs';
import { ROOT, nativeTarget, nodeBinary, nodeRuntime } from './node-runtime.mjs';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const dist = path.join(ROOT, 'dist');
const args = process.argv.slice(2);
const release = args.includes('--release');
// Per-process names: several builds may run at once in one checkout.
const launcherFile = path.join(dist, `dataops.${process.pid}.cjs`);
const appFile = path.join(dist, `dataops-app.${process.pid}.cjs`);
// Shared with src/app-loader.ts.
const APP_ASSET = 'app.cjs';
const APP_CACHE_ASSET = 'app.cache';
const APP_FILENAME = 'dataops-app.cjs';
const HELP_ASSET = 'help.json';
const helpFile = path.join(dist, `dataops-help.${process.pid}.json`);
// Shared with src/adapters/embedded-bundle-schema.ts: the pinned Databricks CLI's bundle schema.
const BUNDLE_SCHEMA_ASSET = 'bundle-schema.json';
const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const ESBUILD_OPTIONS = {
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
  plugins: [inlineTemplates, duckdbBindingPlugin, builtinDynamicImports, yargsStringWidth, yargsAssert, rawImports],
  logLevel: 'warning',
};

/**
 * Two bundles: a tiny launcher (the executable's main script: `--version` without loading
 * anything else) and the application, an asset wrapped as a CommonJS function that the
 * launcher compiles with its own code cache (src/app-loader.ts).
 */
async function bundle() {
  const started = Date.now();
  // The blueprint's files reach the binary as a generated module (src/blueprint/files.generated.ts).
  writeBlueprintModule();
  await build({ ...ESBUILD_OPTIONS, entryPoints: [path.join(ROOT, 'src/main.ts')], outfile: launcherFile });
  const app = await build({ ...ESBUILD_OPTIONS, entryPoints: [path.join(ROOT, 'src/cli/app.ts')], write: false, outfile: appFile });
  const source = app.outputFiles[0].text;
  const dynamicImport = /\bimport\(\s*["'`]([^"'`]+)/.exec(source);
  if (dynamicImport) throw new Error(`the application bundle still has import("${dynamicImport[1]}"): it runs inside vm.Script, which has no module loader`);
  writeFileSync(appFile, `(function (exports, require, module, __filename, __dirname) {${source}\n})`);
  makeHelpCache(nodeBinary(nativeTarget()), appPrelude(appFile, APP_FILENAME), helpFile);
  console.error(`bundled the launcher and the application (${Math.round(source.length / 1024)} KiB) in ${Date.now() - started}ms`);
}

/**
 * V8 code cache for the application, made after running `--help` so that the functions every
 * command needs at start-up (yargs, the registry) are in it too, not only the top level.
 */
function makeAppCodeCache(node, nodeFlags, cacheFile) {
  const script = `${appPrelude(appFile, APP_FILENAME)}
    app.runCli(['--help']).then(() => fs.writeFileSync(${JSON.stringify(cacheFile)}, script.createCachedData()));
  `;
  execFileSync(node, [...nodeFlags, '-e', script], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
}

/** The one schema file in assets/bundle-schema/ (named after the CLI version it comes from). */
function bundleSchemaFile() {
  const dir = path.join(ROOT, 'assets', 'bundle-schema');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (files.length !== 1) throw new Error(`${dir} should hold exactly one schema, not ${files.length}`);
  return path.join(dir, files[0]);
}

function makeExecutable(target, output, { withDuckdb = true } = {}) {
  const native = target === nativeTarget();
  const { version: nodeVersion } = nodeRuntime(target);
  // The blob must come from the same Node version as the binary it goes into.
  if (nodeRuntime(nativeTarget()).version !== nodeVersion) {
    throw new Error(`cannot build ${target} (node ${nodeVersion}) here: this machine's pinned node is ${nodeRuntime(nativeTarget()).version}; build it on a ${target} runner`);
  }
  const hostNode = nodeBinary(nativeTarget());
  // sea-config.json's execArgv tunes V8 for a short-lived CLI (see bench/RESULTS.md, Validate): survivors are
  // promoted early (a 4 MiB semi-space), the old space starts large enough that a validate needs no full GC,
  // and Maglev is the top tier (TurboFan compiles cost more than they save in a run of a second). The same
  // holds for WebAssembly, the SQL transpiler's 22 MB module: Liftoff only, as TurboFan's background
  // recompiles of it cost seconds of CPU and 250 MB resident that stay (bench/RESULTS.md, Local soak).
  const config = JSON.parse(readFileSync(path.join(ROOT, 'sea-config.json'), 'utf8'));
  config.main = launcherFile;
  config.output = path.join(dist, `dataops-${target}.${process.pid}.blob`);
  // V8's code cache is specific to the architecture that made it.
  config.useCodeCache = native && config.useCodeCache;
  config.assets = { ...config.assets, ...(withDuckdb ? duckdbAssets(target) : {}), ...polyglotAssets(), [APP_ASSET]: appFile, [HELP_ASSET]: helpFile, [BUNDLE_SCHEMA_ASSET]: bundleSchemaFile() };
  const cacheFile = path.join(dist, `dataops-app-${target}.${process.pid}.cache`);
  if (config.useCodeCache) {
    makeAppCodeCache(hostNode, config.execArgv ?? [], cacheFile);
    config.assets[APP_CACHE_ASSET] = cacheFile;
  }
  const configFile = path.join(dist, `sea-config-${target}.${process.pid}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  // V8 rejects a code cache made under other flags: both caches are made under the executable's own.
  execFileSync(hostNode, [...(config.execArgv ?? []), '--experimental-sea-config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });

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
  rmSync(cacheFile, { force: true });
  console.error(`built ${path.relative(ROOT, output)} (node ${nodeVersion}, ${target}, code cache ${config.useCodeCache ? 'on' : 'off'}, DuckDB ${withDuckdb ? 'inside' : 'apart'})`);
}

/** tar.xz of `entries` (names relative to `dir`): xz -9 makes the download ≈ 40% smaller than gzip. */
function tarXz(dir, entries, output) {
  const tmp = `${output}.${process.pid}.tmp`;
  execFileSync('tar', ['-C', dir, '-cJf', tmp, ...entries], { env: { ...process.env, XZ_OPT: '-9' } });
  renameSync(tmp, output);
  console.error(`packed ${path.relative(ROOT, output)} (${(statSync(output).size / 1e6).toFixed(1)} MB)`);
}

/**
 * The release assets of one target: the binary alone, and DuckDB's native files (for
 * `dataops local`) in a directory `duckdb/` with a stamp the binary checks before loading them.
 */
function packRelease(target, binary, dir) {
  const stage = path.join(dist, `stage-${target}.${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(path.join(stage, 'duckdb'), { recursive: true });
  copyFileSync(binary, path.join(stage, 'dataops'));
  chmodSync(path.join(stage, 'dataops'), 0o755);
  tarXz(stage, ['dataops'], path.join(dir, `dataops-${target}.tar.xz`));
  const native = duckdbPackageDir(target);
  for (const name of readdirSync(native).filter((n) => /\.(node|so|dylib|dll)$/.test(n))) copyFileSync(path.join(native, name), path.join(stage, 'duckdb', name));
  writeFileSync(path.join(stage, 'duckdb', 'VERSION'), `${duckdbStamp(target)}\n`);
  tarXz(stage, ['duckdb'], path.join(dir, `dataops-duckdb-${target}.tar.xz`));
  rmSync(stage, { recursive: true, force: true });
}

function writeChecksums(dir) {
  const lines = readdirSync(dir)
    .filter((name) => name.startsWith('dataops-') && (release ? name.endsWith('.tar.xz') : !name.endsWith('.tar.xz')))
    .sort()
    .map((name) => `${createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')}  ${name}`);
  writeFileSync(path.join(dir, 'SHA256SUMS'), lines.join('\n') + '\n');
}

await bundle();
const targetFlag = args.indexOf('--target');
const targets = args.includes('--all') ? ['linux-x64', 'linux-arm64'] : targetFlag >= 0 ? [args[targetFlag + 1]] : [];
if (targets.length > 0) {
  const releaseDir = path.join(dist, 'release');
  for (const target of targets) {
    const binary = path.join(releaseDir, `dataops-${target}`);
    makeExecutable(target, binary, { withDuckdb: !release });
    if (release) packRelease(target, binary, releaseDir);
  }
  writeChecksums(releaseDir);
} else {
  makeExecutable(nativeTarget(), path.join(dist, 'dataops'));
}
rmSync(launcherFile);
rmSync(appFile);
rmSync(helpFile);
