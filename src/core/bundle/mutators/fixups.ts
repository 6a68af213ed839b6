/**
 * Resource fixups the CLI applies before deploying: compute that comes from an instance
 * pool drops its node types, deprecated `served_models` become `served_entities`, alert
 * and dashboard definitions are read from their files.
 */
import { posix } from 'node:path';
import { Dyn, withoutEntry } from '../dyn/value.js';
import { mapByPattern, setByPath, updateByPath } from '../dyn/path.js';
import { containsReference } from '../dyn/ref.js';
import { normalize } from '../convert/normalize.js';
import { renderCompactJson } from '../render-json.js';
import { addError, addWarning, type BundleState, type Mutator } from '../state.js';

/** A field set to its zero value the way a typed assignment does: kept only if it was explicitly zero already. */
function clearField(v: Dyn, key: string): Dyn {
  const current = v.get(key);
  return current && !current.isZero() ? withoutEntry(v, key) : v;
}

function onInstancePool(cluster: Dyn): Dyn {
  if (cluster.kind !== 'map') return cluster;
  if ((cluster.get('instance_pool_id')?.asString() ?? '') === '') return clearField(cluster, 'driver_instance_pool_id');
  let out = cluster;
  const keepOnly = (key: string, kept: string[]): void => {
    const current = out.get(key);
    if (!current || current.kind === 'nil') return;
    const entries = new Map([...(current.kind === 'map' ? current.entries : [])].filter(([k]) => kept.includes(k)));
    out = setByPath(out, [key], Dyn.map(entries, current.locs));
  };
  keepOnly('aws_attributes', ['instance_profile_arn']);
  keepOnly('azure_attributes', []);
  keepOnly('gcp_attributes', ['google_service_account']);
  for (const key of ['enable_elastic_disk', 'node_type_id', 'driver_node_type_id']) out = clearField(out, key);
  return out;
}

export const jobClustersFixups: Mutator = {
  name: 'JobClustersFixups',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'jobs', '*', 'tasks', '[*]', 'new_cluster'], (_p, c) => onInstancePool(c));
    state.root = mapByPattern(state.root, ['resources', 'jobs', '*', 'job_clusters', '[*]', 'new_cluster'], (_p, c) => {
      const out = onInstancePool(c);
      if (out.kind !== 'map' || out.get('autoscale') || out.get('num_workers')) return out;
      return setByPath(out, ['num_workers'], Dyn.int(0));
    });
  },
};

export const clusterFixups: Mutator = {
  name: 'ClusterFixups',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'clusters', '*'], (_p, c) => onInstancePool(c));
  },
};

const SERVED_MODEL_RENAMES: Readonly<Record<string, string>> = { model_name: 'entity_name', model_version: 'entity_version' };
const SERVED_ENTITY_FIELDS = [
  'entity_name',
  'entity_version',
  'environment_vars',
  'instance_profile_arn',
  'max_provisioned_throughput',
  'min_provisioned_throughput',
  'name',
  'provisioned_model_units',
  'scale_to_zero_enabled',
  'workload_size',
  'workload_type',
  'max_provisioned_concurrency',
  'min_provisioned_concurrency',
];

export const modelServingEndpointFixups: Mutator = {
  name: 'ModelServingEndpointFixups',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'model_serving_endpoints', '*'], (_p, endpoint) => {
      const config = endpoint.get('config');
      const models = config?.get('served_models');
      if (!config || models?.kind !== 'seq' || models.items.length === 0) return endpoint;
      const entities = config.get('served_entities');
      if (entities?.kind === 'seq' && entities.items.length > 0) {
        addError(state, {
          summary: 'Cannot use both served_models and served_entities',
          detail: 'Model serving endpoint cannot specify both served_models and served_entities at the same time.',
          locations: [endpoint.location],
        });
        return endpoint;
      }
      addWarning(state, { summary: 'Using served_models is deprecated', detail: 'The served_models field is deprecated. Please use served_entities instead.', locations: [models.location] });
      const converted = models.items.map((model) => {
        const entries = new Map();
        for (const [k, pair] of model.kind === 'map' ? model.entries : []) {
          const name = SERVED_MODEL_RENAMES[k] ?? k;
          if (SERVED_ENTITY_FIELDS.includes(name)) entries.set(name, pair);
        }
        return Dyn.map(entries);
      });
      return updateByPath(endpoint, ['config'], (c) => setByPath(withoutEntry(c as Dyn, 'served_models'), ['served_entities'], Dyn.seq(converted)));
    });
  },
};

/** Dashboards live under /Workspace. */
export const dashboardFixups: Mutator = {
  name: 'DashboardFixups',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'dashboards', '*'], (_p, d) => withWorkspacePrefix(d));
  },
};

/** The CLI's ensureWorkspacePrefix on a resource's parent_path. */
function withWorkspacePrefix(resource: Dyn): Dyn {
  if (resource.kind !== 'map') return resource;
  const parent = resource.get('parent_path')?.asString() ?? '';
  if (parent === '/Workspace' || parent.startsWith('/Workspace/')) return resource;
  return setByPath(resource, ['parent_path'], Dyn.string(posix.join('/Workspace', parent), resource.get('parent_path')?.locs ?? []));
}

/** A dashboard's `file_path` (already relative to the sync root) supplies serialized_dashboard. */
export const configureDashboardSerializedDashboard: Mutator = {
  name: 'ConfigureDashboardSerializedDashboard',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'dashboards', '*'], (_p, d) => {
      const file = d.get('file_path')?.asString();
      if (file === undefined) return d;
      const contents = state.files.read(posix.join(state.syncRoot, file));
      if (contents === undefined) {
        addError(state, `failed to read serialized dashboard from file_path ${file}: open ${file}: no such file or directory`);
        return d;
      }
      return setByPath(d, ['serialized_dashboard'], Dyn.string(contents));
    });
  },
};

/**
 * A Genie space's `file_path` supplies serialized_space as the file's text; an inline map or
 * list becomes its JSON (Go's json.Marshal: keys sorted, compact), which is what the API takes.
 */
export const configureGenieSpaceSerializedSpace: Mutator = {
  name: 'ConfigureGenieSpaceSerializedSpace',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'genie_spaces', '*'], (_p, space) => {
      const file = space.get('file_path')?.asString();
      const inline = space.get('serialized_space');
      if (file !== undefined) {
        if (inline && inline.kind !== 'nil') {
          addError(state, { summary: 'both file_path and serialized_space are set; specify only one', locations: inline.locs });
          return space;
        }
        const contents = state.files.read(posix.join(state.syncRoot, file));
        if (contents === undefined) {
          addError(state, `failed to read serialized genie space from file_path ${file}: open ${file}: no such file or directory`);
          return space;
        }
        return setByPath(space, ['serialized_space'], Dyn.string(contents));
      }
      if (!inline || inline.kind === 'nil' || inline.kind === 'string') return space;
      if (inline.kind === 'map' || inline.kind === 'seq') return setByPath(space, ['serialized_space'], Dyn.string(renderCompactJson(inline), inline.locs));
      addError(state, { summary: `serialized_space must be a string, map, or sequence, got ${GO_KIND[inline.kind]}`, locations: inline.locs });
      return space;
    });
  },
};

/** How the CLI names a value's kind in its messages. */
const GO_KIND: Record<Dyn['kind'], string> = { map: 'map', seq: 'sequence', string: 'string', bool: 'bool', int: 'int', float: 'float', nil: 'nil' };

/** A Genie space's parent_path is a workspace path: `/Workspace` is put in front when missing. */
export const genieSpaceFixups: Mutator = {
  name: 'GenieSpaceFixups',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'genie_spaces', '*'], (_p, space) => withWorkspacePrefix(space));
  },
};

const ALERT_FIELDS_ALLOWED_WITH_FILE = ['warehouse_id', 'display_name', 'file_path', 'permissions', 'lifecycle'];

/** An alert with `file_path` (a .dbalert.json) takes its definition from that file. */
export const loadAlertFiles: Mutator = {
  name: 'LoadDBAlertFiles',
  apply(state) {
    const alerts = state.root.get('resources')?.get('alerts');
    if (alerts?.kind !== 'map') return;
    for (const [key, pair] of alerts.entries) {
      const alert = pair.value;
      const file = alert.get('file_path')?.asString() ?? '';
      if (file === '' || alert.kind !== 'map') continue;
      const failure = loadAlert(state, key, alert, file);
      if (typeof failure === 'string') return;
      state.root = setByPath(state.root, ['resources', 'alerts', key], failure);
    }
  },
};

function loadAlert(state: BundleState, key: string, alert: Dyn, file: string): Dyn | 'failed' {
  const at = { paths: [['resources', 'alerts', key, 'file_path']], locations: alert.get('file_path')?.locs ?? [] };
  for (const [field, pair] of alert.entries) {
    if (ALERT_FIELDS_ALLOWED_WITH_FILE.includes(field) || pair.value.kind === 'nil') continue;
    addError(state, {
      summary: `field ${field} is not allowed in the bundle configuration.`,
      detail: `When a .dbalert.json is specified, only the following fields are allowed in the bundle configuration: ${ALERT_FIELDS_ALLOWED_WITH_FILE.join(', ')}`,
      paths: [['resources', 'alerts', key, field]],
      locations: pair.value.locs,
    });
    return 'failed';
  }
  const text = state.files.read(file);
  if (text === undefined) {
    addError(state, { summary: `failed to read .dbalert.json file ${file}: open ${file}: no such file or directory`, ...at });
    return 'failed';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    addError(state, { summary: `failed to parse .dbalert.json file ${file}: ${(error as Error).message}`, ...at });
    return 'failed';
  }
  if (containsReference(text)) {
    addError(state, { summary: `.alert file ${file} must not contain variable interpolations.`, detail: 'Please inline the alert configuration in the bundle configuration to use variables', ...at });
    return 'failed';
  }
  const fromFile = (parsed ?? {}) as Record<string, unknown>;
  const joinLines = (lines: unknown): string | undefined => (Array.isArray(lines) && lines.length > 0 ? lines.map((l) => `${String(l)}\n`).join('') : undefined);
  const definition: Record<string, unknown> = { ...fromFile };
  delete definition.query_lines;
  delete definition.custom_description_lines;
  for (const field of ['display_name', 'warehouse_id', 'file_path', 'permissions', 'lifecycle', 'query_text', 'custom_description']) delete definition[field];
  const queryText = joinLines(fromFile.query_lines);
  const description = joinLines(fromFile.custom_description_lines);
  if (queryText) definition.query_text = queryText;
  if (description) definition.custom_description = description;
  let out = normalize('resources.Alert', Dyn.from(definition)).value ?? Dyn.map(new Map());
  for (const field of ALERT_FIELDS_ALLOWED_WITH_FILE) {
    const kept = alert.entries.get(field);
    if (kept) out = setByPath(out, [field], kept.value);
  }
  return out.withLocs(alert.locs);
}
