// Generates src/core/bundle/schema/bundle-types.json: the shape of a bundle configuration
// (which fields each type has, their types, which are required, which enum values apply),
// taken from the Databricks CLI's published bundle JSON schema.
//
//   databricks bundle schema > /tmp/bundle-schema.json
//   node scripts/gen-bundle-types.mjs /tmp/bundle-schema.json [<cli checkout>/bundle/terraform_dabs_map/generated.go]
//
// The optional second file lists fields only the Terraform engine knows (references to
// them are reported, as the CLI does).
//
// The resolver needs this to coerce values the way the CLI's typed configuration does
// (a "2" given to an int field becomes 2; unknown fields are reported and dropped) and
// to decide which empty values `bundle validate -o json` keeps. The published schema
// leaves out fields the CLI sets itself; EXTRA_FIELDS adds them back.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'src/core/bundle/schema/bundle-types.json');
const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/gen-bundle-types.mjs <bundle JSON schema file>');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(source, 'utf8'));

const CLI = 'github.com/databricks/cli/bundle/';
const SDK = 'github.com/databricks/databricks-sdk-go/service/';

/** Fields the CLI fills in (readonly or internal in its Go types), absent from the published schema. */
const EXTRA_FIELDS = {
  'config.Root': { __locations: 'any', definitions: 'any' },
  'config.Bundle': { target: 'string', environment: 'string', mode: 'string', force: 'bool' },
  'config.Git': { commit: 'string', bundle_root_path: 'string', actual_branch: 'string', inferred: 'bool' },
  'config.Workspace': { current_user: 'config.User', snapshot_path: 'string', metadata_service_url: 'string' },
  'config.User': {
    short_name: 'string', domain_friendly_name: 'string', userName: 'string', id: 'string', displayName: 'string',
    active: 'bool', externalId: 'string', emails: 'any', entitlements: 'any', groups: 'any', name: 'any', roles: 'any', schemas: 'any',
  },
  'config.Artifact': { patched: 'string', remote_path: 'string' },
  'variable.Variable': { value: 'any' },
  'resources.Job': { deployment: 'jobs.JobDeployment', edit_mode: 'string', format: 'string' },
  'resources.Pipeline': { deployment: 'pipelines.PipelineDeployment', dry_run: 'bool' },
  'resources.Volume': { volume_path: 'string' },
  'jobs.GitSource': { job_source: 'any', git_snapshot: 'any' },
  'jobs.JobDeployment': { kind: 'string', metadata_file_path: 'string' },
  'pipelines.PipelineDeployment': { kind: 'string', metadata_file_path: 'string', version_id: 'string', deployment_id: 'string' },
};
/** Every resource carries these readonly fields once deployed. */
const RESOURCE_FIELDS = { id: 'string', url: 'string', modified_status: 'string' };
/**
 * Fields of the CLI's own structs declared as pointers: an explicit false or 0 survives into
 * the output, a null struct disappears. (SDK structs hold every nested struct by pointer.)
 */
const POINTER_FIELDS = {
  'config.Root': ['run_as', 'experimental'],
  'config.Target': ['bundle', 'workspace', 'resources', 'sync', 'run_as'],
  'config.Workspace': ['current_user'],
  'variable.Variable': ['lookup'],
  'variable.TargetVariable': ['lookup'],
  'config.Presets': ['pipelines_development', 'source_linked_deployment'],
  'config.Lock': ['enabled'],
  'resources.Lifecycle': ['started'],
  'resources.LifecycleWithStarted': ['started'],
  'resources.Pipeline': ['cascade_on_destroy'],
};
/** Fields the CLI's resource structs declare themselves (beside the embedded SDK struct): no record of empty values. */
const WRAPPER_FIELDS = ['permissions', 'grants', 'lifecycle', 'id', 'url', 'modified_status'];
/** Bundle types that keep their own record of explicitly set empty values, like the SDK's. */
const OWN_FORCE_SEND = new Set(['resources.Dashboard', 'resources.GenieSpace', 'resources.PostgresBranch', 'resources.PostgresProject']);

const types = {};
const enums = {};

function defAt(ref) {
  const parts = ref.replace(/^#\/\$defs\//, '').split('/');
  let node = schema.$defs;
  let i = 0;
  // Keys of $defs themselves contain slashes (github.com/databricks/...): walk greedily.
  while (i < parts.length) {
    let matched = false;
    for (let j = parts.length; j > i; j--) {
      const key = parts.slice(i, j).join('/');
      if (node && Object.prototype.hasOwnProperty.call(node, key)) {
        node = node[key];
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) throw new Error(`cannot resolve ${ref}`);
  }
  return node;
}

function shortName(ref) {
  const name = ref.replace(/^#\/\$defs\//, '');
  if (name.startsWith(CLI)) return name.slice(CLI.length).replace(/^config\//, '');
  if (name.startsWith(SDK)) return name.slice(SDK.length);
  return name;
}

/** The non-reference branch of a `oneOf` (the other accepts a ${var...} string). */
function concrete(node) {
  if (node.oneOf) return node.oneOf.find((o) => !o.pattern) ?? node.oneOf[0];
  if (node.anyOf) return node.anyOf.find((o) => !o.pattern) ?? node.anyOf[0];
  return node;
}

function typeRef(ref) {
  const raw = ref.replace(/^#\/\$defs\//, '');
  if (raw === 'string') return 'string';
  if (raw === 'bool') return 'bool';
  if (raw === 'int' || raw === 'int64') return 'int';
  if (raw === 'float64') return 'float';
  if (raw === 'interface') return 'any';
  if (raw.startsWith('map/')) return `map:${elementRef(defAt(ref), 'additionalProperties')}`;
  if (raw.startsWith('slice/')) return `slice:${elementRef(defAt(ref), 'items')}`;
  const node = concrete(defAt(ref));
  const name = shortName(ref);
  if (node.type === 'object' && node.properties) {
    defineStruct(name, node, raw.startsWith(SDK));
    return name;
  }
  if (node.type === 'object') return 'any';
  if (node.type === 'string' && node.enum) {
    enums[name] = node.enum;
    return `enum:${name}`;
  }
  if (node.type === 'string') return 'string';
  if (node.type === 'integer') return 'int';
  if (node.type === 'number') return 'float';
  if (node.type === 'boolean') return 'bool';
  return 'any';
}

function elementRef(node, key) {
  const inner = concrete(node)[key];
  return inner && inner.$ref ? typeRef(inner.$ref) : 'any';
}

function defineStruct(name, node, fromSdk) {
  if (types[name]) return;
  const entry = { f: {} };
  types[name] = entry;
  for (const [field, prop] of Object.entries(node.properties)) {
    entry.f[field] = prop.$ref ? typeRef(prop.$ref) : 'any';
  }
  for (const [field, ref] of Object.entries(EXTRA_FIELDS[name] ?? {})) entry.f[field] = extraRef(ref);
  if (name.startsWith('resources.') && !/Permission|Lifecycle|Trigger|AppEnvVar|AppConfig/.test(name)) Object.assign(entry.f, RESOURCE_FIELDS);
  if (node.required?.length) entry.req = node.required;
  if (fromSdk || name.startsWith('resources.') || OWN_FORCE_SEND.has(name)) entry.fsf = 1;
  if (name.startsWith('resources.') && !OWN_FORCE_SEND.has(name)) {
    const own = WRAPPER_FIELDS.filter((f) => f in entry.f);
    if (own.length > 0) entry.own = own;
  }
  if (POINTER_FIELDS[name]) entry.ptr = POINTER_FIELDS[name];
}

function extraRef(ref) {
  if (['string', 'bool', 'int', 'float', 'any'].includes(ref)) return ref;
  if (!types[ref]) {
    const fields = EXTRA_FIELDS[ref] ?? {};
    types[ref] = { f: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, extraRef(v)])) };
    if (ref.includes('.') && !ref.startsWith('config.')) types[ref].fsf = 1;
  }
  return ref;
}

/** The TerraformOnlyFields table of the CLI's terraform_dabs_map as nested JSON ({} marks a leaf). */
function terraformOnlyFields(goSource) {
  const lines = goSource.split('\n');
  const start = lines.findIndex((l) => l.startsWith('var TerraformOnlyFields = '));
  if (start < 0) throw new Error('TerraformOnlyFields not found');
  const root = {};
  const stack = [root];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('}')) break;
    const leaf = /^\s*"([^"]+)":\s*\{\},/.exec(line);
    const open = /^\s*"([^"]+)":\s*\{\s*$/.exec(line);
    const top = stack[stack.length - 1];
    if (leaf) top[leaf[1]] = {};
    else if (open) stack.push((top[open[1]] = {}));
    else if (/^\s*\},?\s*$/.test(line)) stack.pop();
  }
  return root;
}

defineStruct('config.Root', { properties: schema.properties }, false);
const out = { root: 'config.Root', types, enums };
if (process.argv[3]) out.terraformOnly = terraformOnlyFields(readFileSync(process.argv[3], 'utf8'));
writeFileSync(OUT, JSON.stringify(out) + '\n');
console.error(`wrote ${path.relative(ROOT, OUT)}: ${Object.keys(types).length} types, ${Object.keys(enums).length} enums`);
