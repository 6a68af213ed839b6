/**
 * Stands in for `@duckdb/node-bindings` inside the single executable (scripts/build.mjs
 * points the bundler here). A single executable can load no addon from node_modules, so
 * DuckDB's native files come one of two ways:
 * - inside the executable (a build from source): gzipped assets named `duckdb/<file>.gz`,
 *   unpacked once to a versioned cache directory;
 * - beside it (a release install): the release's optional `dataops-duckdb-<os>-<arch>` asset,
 *   which install.sh verifies and unpacks into `<prefix>/lib/dataops/duckdb/` for a binary in
 *   `<prefix>/bin/` (DATAOPS_DUCKDB_DIR names another directory); its VERSION must match.
 * The addon is loaded with process.dlopen; libduckdb sits beside it and is found through the
 * addon's $ORIGIN runpath. Nothing is ever fetched at run time.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as sea from 'node:sea';
import { gunzipSync } from 'node:zlib';
import { cacheDir } from '../../adapters/cache-dir.js';

declare const __DATAOPS_DUCKDB_VERSION__: string | undefined;

const PREFIX = 'duckdb/';

/** Unpacks an asset unless an earlier run did (the directory is per version; files appear by rename, whole). */
function extract(key: string, dir: string): string {
  const target = path.join(dir, key.slice(PREFIX.length).replace(/\.gz$/, ''));
  if (existsSync(target)) return target;
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, gunzipSync(new Uint8Array(sea.getRawAsset(key))), { mode: 0o755 });
  renameSync(tmp, target);
  return target;
}

/** The directory of a release install's DuckDB, checked against the version this binary was built with. */
function installedFiles(version: string): string[] {
  const dir = process.env.DATAOPS_DUCKDB_DIR || path.join(path.dirname(path.dirname(process.execPath)), 'lib', 'dataops', 'duckdb');
  const expected = `duckdb ${version} ${process.platform}-${process.arch}`;
  let stamp: string;
  try {
    stamp = readFileSync(path.join(dir, 'VERSION'), 'utf8').trim();
  } catch {
    throw new Error(
      `this dataops was installed without DuckDB, which dataops local needs for SQL (looked in ${dir}): reinstall with DATAOPS_WITH_DUCKDB=1 (install.sh), or set DATAOPS_DUCKDB_DIR`,
    );
  }
  if (stamp !== expected) throw new Error(`${dir} holds ${stamp}, this dataops needs ${expected}: reinstall with DATAOPS_WITH_DUCKDB=1 (install.sh)`);
  return readdirSync(dir).map((name) => path.join(dir, name));
}

function loadBinding(): unknown {
  if (!sea.isSea()) {
    throw new Error('DuckDB is bundled for the dataops single executable only; run dist/dataops, or run from source with node_modules');
  }
  const version = typeof __DATAOPS_DUCKDB_VERSION__ === 'string' ? __DATAOPS_DUCKDB_VERSION__ : 'dev';
  const keys = sea.getAssetKeys().filter((key) => key.startsWith(PREFIX));
  const files = keys.length > 0 ? unpackEmbedded(keys, version) : installedFiles(version);
  const addon = files.find((file) => file.endsWith('.node'));
  if (!addon) throw new Error('this dataops executable carries no DuckDB addon');
  const module = { exports: {} as unknown };
  process.dlopen(module, addon);
  return module.exports;
}

function unpackEmbedded(keys: readonly string[], version: string): string[] {
  const dir = path.join(cacheDir(process.env), `duckdb-${version}-${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  return keys.map((key) => extract(key, dir));
}

export default loadBinding();
