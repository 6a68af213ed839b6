// The SQL transpiler's WebAssembly module (polyglot-sql, ~22 MB) as a single-executable asset:
// bundled JavaScript cannot carry it, so it travels gzipped (~5 MB) and
// src/local/sql/polyglot.ts unpacks it in memory when the local warehouse gets its first statement.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './node-runtime.mjs';

const PACKAGE = path.join(ROOT, 'node_modules/@polyglot-sql/sdk');

/** sea-config `assets` entry of the transpiler (the same file for every target: WebAssembly). */
export function polyglotAssets() {
  const version = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;
  const gz = path.join(ROOT, '.cache', 'polyglot', `polyglot_sql-${version}.wasm.gz`);
  if (!existsSync(gz)) {
    mkdirSync(path.dirname(gz), { recursive: true });
    writeFileSync(`${gz}.tmp`, gzipSync(readFileSync(path.join(PACKAGE, 'dist/polyglot_sql.wasm'))));
    renameSync(`${gz}.tmp`, gz);
  }
  return { 'polyglot/polyglot_sql.wasm.gz': gz };
}
