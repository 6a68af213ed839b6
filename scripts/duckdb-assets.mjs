// DuckDB's native addon for `dataops local`, as single-executable assets. The addon cannot be
// bundled: it travels as assets named duckdb/<file> and src/local/sql/duckdb-binding.ts loads it.
// The host's package comes from node_modules; another target's is fetched with `npm pack`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './node-runtime.mjs';

export const DUCKDB_VERSION = JSON.parse(
  readFileSync(path.join(ROOT, 'node_modules/@duckdb/node-bindings/package.json'), 'utf8'),
).version;

/** esbuild plugin: `@duckdb/node-bindings` resolves to the loader that reads the assets. */
export const duckdbBindingPlugin = {
  name: 'duckdb-binding',
  setup(build) {
    build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, () => ({ path: path.join(ROOT, 'src/local/sql/duckdb-binding.ts') }));
  },
};

/** The unpacked npm package of DuckDB's native files for a target. */
export function duckdbPackageDir(target) {
  const installed = path.join(ROOT, 'node_modules', '@duckdb', `node-bindings-${target}`);
  if (existsSync(path.join(installed, 'duckdb.node'))) return installed;
  const dir = path.join(ROOT, '.cache', 'duckdb', `${target}-${DUCKDB_VERSION}`);
  const unpacked = path.join(dir, 'package');
  if (existsSync(path.join(unpacked, 'duckdb.node'))) return unpacked;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `@duckdb/node-bindings-${target}@${DUCKDB_VERSION}`, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  rmSync(path.join(dir, tarball));
  return unpacked;
}

/** What a release's duckdb/VERSION says, and what a binary without DuckDB inside expects there. */
export function duckdbStamp(target) {
  return `duckdb ${DUCKDB_VERSION} ${target}`;
}

/**
 * sea-config `assets` for a target: the addon and the libraries beside it, gzipped (libduckdb
 * is ~70 MB, ~23 MB compressed; the loader unpacks it once into its cache).
 */
export function duckdbAssets(target) {
  const dir = duckdbPackageDir(target);
  const out = path.join(ROOT, '.cache', 'duckdb', `assets-${target}-${DUCKDB_VERSION}`);
  mkdirSync(out, { recursive: true });
  const files = readdirSync(dir).filter((name) => /\.(node|so|dylib|dll)$/.test(name));
  return Object.fromEntries(
    files.map((name) => {
      const gz = path.join(out, `${name}.gz`);
      if (!existsSync(gz)) {
        writeFileSync(`${gz}.tmp`, gzipSync(readFileSync(path.join(dir, name))));
        renameSync(`${gz}.tmp`, gz);
      }
      return [`duckdb/${name}.gz`, gz];
    }),
  );
}
