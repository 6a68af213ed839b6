import { Ajv, type Options } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import type { JsonObject, JsonValue } from './bundle/model.js';
import { isObject } from './bundle/config-values.js';
import type { SchemaError, SchemaValidator } from './rules/rule.js';

/**
 * The Databricks bundle JSON schema (`databricks bundle schema`) compiled with ajv. It is
 * large (~900 KB, ~1 s to compile), so only the resource types a bundle uses are compiled,
 * and the compiled code can be cached as standalone source.
 */

const RESOURCES_PATH = ['$defs', 'github.com', 'databricks', 'cli', 'bundle', 'config.Resources', 'oneOf', 0, 'properties'] as const;

const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  verbose: true,
  inlineRefs: false,
  code: { source: true, optimize: false },
};

/** Resource types (`jobs`, `pipelines`) used anywhere in these files, at the top level or under a target. */
export function resourceTypesIn(documents: readonly JsonValue[]): string[] {
  const types = new Set<string>();
  const add = (resources: JsonValue | undefined): void => {
    if (isObject(resources)) for (const type of Object.keys(resources)) types.add(type);
  };
  for (const document of documents) {
    if (!isObject(document)) continue;
    add(document.resources);
    for (const target of Object.values(isObject(document.targets) ? document.targets : {})) {
      if (isObject(target)) add(target.resources);
    }
  }
  return [...types].sort();
}

/**
 * Fields the CLI reads (or fills in) that its published schema leaves out; people copy them
 * from `bundle validate -o json` output. Same list as scripts/gen-bundle-types.mjs keeps.
 */
const UNPUBLISHED_FIELDS: Record<string, readonly string[]> = {
  'config.Bundle': ['target', 'environment', 'mode', 'force'],
  'config.Git': ['commit', 'bundle_root_path', 'actual_branch', 'inferred'],
  'config.Workspace': ['current_user', 'snapshot_path', 'metadata_service_url'],
  'config.Artifact': ['patched', 'remote_path'],
  'variable.Variable': ['value'],
  'variable.TargetVariable': ['value'],
  'resources.Job': ['deployment', 'edit_mode', 'format'],
  'resources.Pipeline': ['deployment', 'dry_run'],
  'resources.Volume': ['volume_path'],
  'jobs.GitSource': ['job_source', 'git_snapshot'],
};
/** Every resource also carries what the deployment knows about it. */
const RESOURCE_STATE_FIELDS = ['id', 'url', 'modified_status'];

/** Definitions of the schema by their short name (`config.Bundle`, `resources.Job`), as found under `$defs`. */
function definitions(defs: JsonValue | undefined, into = new Map<string, JsonObject>()): Map<string, JsonObject> {
  if (!isObject(defs)) return into;
  for (const [key, value] of Object.entries(defs)) {
    if (!isObject(value)) continue;
    if (/^[a-z]+\.[A-Z]/.test(key)) into.set(key, value);
    else if (key !== 'map' && key !== 'slice') definitions(value, into);
  }
  return into;
}

function allowFields(definition: JsonObject, fields: readonly string[]): void {
  const object = Array.isArray(definition.oneOf) && isObject(definition.oneOf[0]) ? definition.oneOf[0] : definition;
  if (!isObject(object.properties)) return;
  for (const field of fields) object.properties[field] ??= {};
}

/**
 * The schema prepared for checking files as written: resource types not in `keep` accept
 * anything (their data is absent anyway, and compiling them costs most of the time), and
 * the fields the CLI accepts beyond its published schema are allowed.
 */
export function pruneBundleSchema(schema: JsonObject, keep: readonly string[]): JsonObject {
  const copy = structuredClone(schema);
  let node: JsonValue | undefined = copy;
  for (const step of RESOURCES_PATH) node = Array.isArray(node) ? node[step as number] : isObject(node) ? node[step] : undefined;
  if (isObject(node)) {
    for (const type of Object.keys(node)) if (!keep.includes(type)) node[type] = {};
  }
  for (const [name, definition] of definitions(copy.$defs)) {
    allowFields(definition, [...(UNPUBLISHED_FIELDS[name] ?? []), ...(name.startsWith('resources.') ? RESOURCE_STATE_FIELDS : [])]);
  }
  return copy;
}

export interface CompiledSchema {
  validate: SchemaValidator;
  /** CommonJS source of the same validator, for a cache (see `loadStandaloneValidator`). */
  source(): string;
}

export function compileBundleSchema(schema: JsonObject): CompiledSchema {
  const ajv = new Ajv(AJV_OPTIONS);
  const compiled = ajv.compile(schema);
  return {
    validate: (data) => (compiled(data) ? [] : ((compiled.errors ?? []) as SchemaError[])),
    source: () => standalone.default(ajv, compiled),
  };
}

/** Wraps a validator function loaded from standalone source. */
export function standaloneValidator(compiled: ((data: unknown) => boolean) & { errors?: unknown }): SchemaValidator {
  return (data) => (compiled(data) ? [] : ((compiled.errors ?? []) as SchemaError[]));
}
