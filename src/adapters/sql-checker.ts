/**
 * The Spark SQL checker rules use: dt-sql-parser, loaded only when some SQL needs checking
 * (its grammar takes ~0.7 s to load and warm up), with results cached on disk by content,
 * so unchanged SQL is not parsed again.
 */
import path from 'node:path';
import type { SqlChecker, SqlSyntaxError } from '../core/rules/rule.js';
import { sparkSqlErrors, type SparkValidate } from '../core/spark-sql.js';
import { VERSION } from '../version.js';
import { buildStamp, cacheDir, contentCache, contentKey } from './cache-dir.js';

export interface CachingSqlChecker extends SqlChecker {
  /** Writes the results of this run to the cache (best effort). */
  save(): void;
}

const MAX_ENTRIES = 20_000;

export async function loadSparkValidate(): Promise<SparkValidate> {
  const { SparkSQL } = await import('dt-sql-parser/dist/parser/spark/index.js');
  const parser = new SparkSQL();
  return (sql) => parser.validate(sql);
}

export function createSqlChecker(env: NodeJS.ProcessEnv): CachingSqlChecker {
  // The results depend on dataops' own filtering as much as on the grammar.
  const cache = contentCache<SqlSyntaxError[]>(path.join(cacheDir(env), `sql-syntax-${VERSION}.json`), MAX_ENTRIES, buildStamp());
  let parser: Promise<SparkValidate> | undefined;
  return {
    async check(sql) {
      const key = contentKey(sql);
      const hit = cache.get(key);
      if (hit) return hit;
      parser ??= loadSparkValidate();
      const errors = sparkSqlErrors(sql, await parser);
      cache.set(key, errors);
      return errors;
    },
    save: () => cache.save(),
  };
}
