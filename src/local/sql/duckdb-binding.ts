/**
 * Stands in for `@duckdb/node-bindings` inside the single executable (scripts/build.mjs
 * points the bundler here). A single executable can load no addon from node_modules, so
 * DuckDB's native files travel as gzipped assets named `duckdb/<file>.gz`; they are unpacked
 * once to a versioned cache directory and the addon is loaded from there with process.dlopen.
 * Its dependency (libduckdb) sits beside it and is found through the addon's $ORIGIN runpath.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
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

function loadBinding(): unknown {
  if (!sea.isSea()) {
    throw new Error('DuckDB is bundled for the dataops single executable only; run dist/dataops, or run from source with node_modules');
  }
  const version = typeof __DATAOPS_DUCKDB_VERSION__ === 'string' ? __DATAOPS_DUCKDB_VERSION__ : 'dev';
  const dir = path.join(cacheDir(process.env), `duckdb-${version}-${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  const keys = sea.getAssetKeys().filter((key) => key.startsWith(PREFIX));
  if (keys.length === 0) throw new Error('this dataops executable was built without DuckDB');
  const files = keys.map((key) => extract(key, dir));
  const addon = files.find((file) => file.endsWith('.node'));
  if (!addon) throw new Error('this dataops executable carries no DuckDB addon');
  const module = { exports: {} as unknown };
  process.dlopen(module, addon);
  return module.exports;
}

export default loadBinding();
