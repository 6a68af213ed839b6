/**
 * The bundle JSON schema, and its compiled validator, cached per schema in
 * ~/.cache/dataops/bundle-schema/<id>/. The schema is the one built into dataops (that of the
 * pinned Databricks CLI), unless the CLI on PATH is a newer release: then its
 * `databricks bundle schema`, asked once per version (the version itself is cached per binary).
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
import { databricksCliVersion } from './databricks-cli-version.js';
import { EMBEDDED_SCHEMA_CLI_VERSION, readEmbeddedBundleSchema } from './embedded-bundle-schema.js';
import { runProcess } from './process.js';
import semverGt from 'semver/functions/gt.js';
import semverParse from 'semver/functions/parse.js';

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
  const cli = await databricksCliVersion(env);
  if (cli !== null && isNewer(cli.version, EMBEDDED_SCHEMA_CLI_VERSION)) {
    const fromCli = await cliSchema(env, cli.version);
    if (!('reason' in fromCli)) return fromCli;
  }
  const installed = cli === null ? 'no Databricks CLI on PATH' : `the CLI on PATH is ${cli.version}`;
  return {
    fingerprint: `embedded-${EMBEDDED_SCHEMA_CLI_VERSION}`,
    dir: path.join(cacheDir(env), 'bundle-schema', `embedded-v${EMBEDDED_SCHEMA_CLI_VERSION}`),
    source: `the schema of Databricks CLI ${EMBEDDED_SCHEMA_CLI_VERSION} built into dataops (${installed})`,
    schema: () => JSON.parse(readEmbeddedBundleSchema()) as JsonObject,
  };
}

/** `databricks bundle schema` of a CLI newer than the embedded schema, asked once per version. */
async function cliSchema(env: NodeJS.ProcessEnv, version: string): Promise<LocatedSchema | { reason: string }> {
  const id = `v${version.replace(/[^\w.+-]/g, '_')}`;
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
    source: `databricks bundle schema of the CLI on PATH (${version}, newer than the built-in ${EMBEDDED_SCHEMA_CLI_VERSION})`,
    schema: () => JSON.parse(readCacheFile(schemaFile) ?? '{}') as JsonObject,
  };
}

/** Whether `version` is a release newer than `than`; a development build or an unreadable version is not. */
function isNewer(version: string, than: string): boolean {
  const parsed = semverParse(version);
  return parsed !== null && parsed.prerelease.length === 0 && semverGt(parsed, than);
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
