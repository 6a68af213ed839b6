/**
 * The bundle JSON schema of the installed Databricks CLI (`databricks bundle schema`), and its
 * compiled validator, cached per CLI version in ~/.cache/dataops/bundle-schema/<version>/.
 * Compiling the whole schema takes about a second, so a validator is compiled for the resource
 * types the bundle uses and kept as standalone code next to the schema.
 * DATAOPS_BUNDLE_SCHEMA=<file> uses that schema file instead of asking the CLI.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import vm from 'node:vm';
import type { JsonObject, JsonValue } from '../core/bundle/model.js';
import type { SchemaValidator } from '../core/rules/rule.js';
import { cacheDir, readCacheBytes, readCacheFile, writeCacheFile } from './cache-dir.js';
import { NOT_FOUND, runProcess } from './process.js';

export type SchemaLookup = { validator: SchemaValidator; source: string } | { validator: null; reason: string };

export async function loadBundleSchemaValidator(env: NodeJS.ProcessEnv, documents: readonly JsonValue[]): Promise<SchemaLookup> {
  const located = await locateSchema(env);
  if ('reason' in located) return { validator: null, reason: located.reason };
  const { compileBundleSchema, pruneBundleSchema, resourceTypesIn, standaloneValidator } = await import('../core/bundle-schema.js');
  const types = resourceTypesIn(documents);
  const codeFile = path.join(located.dir, `validator-${createHash('sha256').update(located.fingerprint + types.join(',')).digest('hex').slice(0, 16)}.cjs`);
  const cached = readCacheFile(codeFile);
  if (cached !== undefined) {
    try {
      return { validator: standaloneValidator(evaluate(cached, codeFile)), source: `${located.source} (compiled validator cached in ${codeFile})` };
    } catch {
      // a damaged cache entry is compiled again below
    }
  }
  const compiled = compileBundleSchema(pruneBundleSchema(located.schema(), types));
  writeCacheFile(codeFile, compiled.source());
  return { validator: compiled.validate, source: located.source };
}

interface LocatedSchema {
  schema: () => JsonObject;
  /** Changes whenever the schema does: the CLI version, or the file's content. */
  fingerprint: string;
  dir: string;
  source: string;
}

async function locateSchema(env: NodeJS.ProcessEnv): Promise<LocatedSchema | { reason: string }> {
  const override = env.DATAOPS_BUNDLE_SCHEMA;
  if (override) {
    const text = readCacheFile(override);
    if (text === undefined) return { reason: `DATAOPS_BUNDLE_SCHEMA=${override} cannot be read` };
    const fingerprint = createHash('sha256').update(text).digest('hex');
    return { schema: () => JSON.parse(text) as JsonObject, fingerprint, dir: path.join(cacheDir(env), 'bundle-schema', `file-${fingerprint.slice(0, 16)}`), source: override };
  }
  const version = await runProcess('databricks', ['--version'], { env, timeoutMs: 15_000 });
  if (version.exitCode === NOT_FOUND || version.exitCode !== 0) {
    return { reason: 'the Databricks CLI was not found (install it, or set DATAOPS_BUNDLE_SCHEMA to a schema file)' };
  }
  const id = version.stdout.trim().replace(/^Databricks CLI\s+/i, '').replace(/[^\w.+-]/g, '_') || 'unknown';
  const dir = path.join(cacheDir(env), 'bundle-schema', id);
  const schemaFile = path.join(dir, 'schema.json');
  if (readCacheFile(schemaFile) === undefined) {
    const result = await runProcess('databricks', ['bundle', 'schema'], { env, timeoutMs: 60_000 });
    if (result.exitCode !== 0) return { reason: `databricks bundle schema failed: ${result.stderr.trim().split('\n')[0] ?? ''}` };
    writeCacheFile(schemaFile, result.stdout);
  }
  return {
    fingerprint: id,
    dir,
    source: `databricks bundle schema (CLI ${id})`,
    schema: () => JSON.parse(readCacheFile(schemaFile) ?? '{}') as JsonObject,
  };
}

/**
 * Runs standalone validator code (CommonJS, no imports beyond what it inlines). The code is
 * megabytes long, so it is compiled with a V8 code cache kept beside it; a run without a usable
 * one writes it when the process exits, once the validator's functions have been compiled.
 */
function evaluate(code: string, codeFile: string): ((data: unknown) => boolean) & { errors?: unknown } {
  const v8CacheFile = `${codeFile}.v8-${process.versions.v8}`;
  const cachedData = readCacheBytes(v8CacheFile);
  const script = new vm.Script(`(function (module, exports) {${code}\n})`, { filename: path.basename(codeFile), cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCacheFile(v8CacheFile, script.createCachedData()));
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (module: object, exports: unknown) => void)(module, module.exports);
  return module.exports as ((data: unknown) => boolean) & { errors?: unknown };
}
