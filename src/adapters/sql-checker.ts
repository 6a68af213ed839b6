/**
 * The Spark SQL checker rules use: dt-sql-parser, loaded only when some SQL needs checking
 * (its grammar takes ~0.7 s to load and warm up), with results cached on disk by content,
 * so unchanged SQL is not parsed again.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SqlChecker, SqlSyntaxError } from '../core/rules/rule.js';
import { sparkSqlErrors, type SparkValidate } from '../core/spark-sql.js';
import { VERSION } from '../version.js';
import { cacheDir, readCacheFile, writeCacheFile } from './cache-dir.js';

export interface CachingSqlChecker extends SqlChecker {
  /** Writes the results of this run to the cache (best effort). */
  save(): void;
}

type CacheEntries = Record<string, SqlSyntaxError[]>;

const MAX_ENTRIES = 20_000;

export async function loadSparkValidate(): Promise<SparkValidate> {
  const { SparkSQL } = await import('dt-sql-parser/dist/parser/spark/index.js');
  const parser = new SparkSQL();
  return (sql) => parser.validate(sql);
}

export function createSqlChecker(env: NodeJS.ProcessEnv): CachingSqlChecker {
  // The results depend on dataops' own filtering as much as on the grammar.
  const file = path.join(cacheDir(env), `sql-syntax-${VERSION}.json`);
  let cached: CacheEntries | undefined;
  const used: CacheEntries = {};
  let parser: Promise<SparkValidate> | undefined;
  let changed = false;
  const entries = (): CacheEntries => (cached ??= readEntries(file));
  return {
    async check(sql) {
      const key = createHash('sha256').update(sql).digest('base64url');
      const hit = used[key] ?? entries()[key];
      if (hit) {
        used[key] = hit;
        return hit;
      }
      parser ??= loadSparkValidate();
      const errors = sparkSqlErrors(sql, await parser);
      used[key] = errors;
      changed = true;
      return errors;
    },
    save() {
      if (!changed) return;
      const kept = { ...Object.fromEntries(Object.entries(entries()).slice(-(MAX_ENTRIES - Object.keys(used).length))), ...used };
      writeCacheFile(file, JSON.stringify(kept));
    },
  };
}

function readEntries(file: string): CacheEntries {
  try {
    const parsed = JSON.parse(readCacheFile(file) ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as CacheEntries) : {};
  } catch {
    return {};
  }
}
