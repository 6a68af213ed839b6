/**
 * Target modes and presets: `mode: development` fills presets (name prefix
 * `[dev <short_name>] `, a `dev` tag, paused triggers, development pipelines, no lock),
 * presets are applied to every resource, then the CLI's defaults are filled in.
 */
import { posix } from 'node:path';
import { copyEntries, Dyn, withEntries } from '../dyn/value.js';
import { lookup, mapByPattern, setByPath, updateByPath, type Path } from '../dyn/path.js';
import { compareStrings } from '../dyn/merge.js';
import { isServicePrincipalName, normalizeName, stripMarks } from '../identity.js';
import { addError, addRecommendation, addWarning, stringAt, type BundleState, type Mutator } from '../state.js';

const DEVELOPMENT_CONCURRENT_RUNS = 4;

function presets(state: BundleState): Dyn | undefined {
  return state.root.get('presets');
}

export const applyTargetMode: Mutator = {
  name: 'ApplyTargetMode',
  apply(state) {
    if (stringAt(state.root, 'bundle', 'mode') !== 'development') return;
    const lock = lookup(state.root, ['bundle', 'deployment', 'lock', 'enabled']);
    if (lock?.raw !== true) state.root = setByPath(state.root, ['bundle', 'deployment', 'lock', 'enabled'], Dyn.bool(false));
    const shortName = state.currentUser?.shortName ?? '';
    const set = (key: string, value: Dyn, unset: (v: Dyn | undefined) => boolean): void => {
      if (unset(presets(state)?.get(key))) state.root = setByPath(state.root, ['presets', key], value);
    };
    set('name_prefix', Dyn.string(`[dev ${shortName}] `), (v) => (v?.asString() ?? '') === '');
    const tags = presets(state)?.get('tags');
    if (!tags?.get('dev')) state.root = setByPath(state.root, ['presets', 'tags', 'dev'], Dyn.string(normalizeTagValue(shortName)));
    set('jobs_max_concurrent_runs', Dyn.int(DEVELOPMENT_CONCURRENT_RUNS), (v) => v === undefined || v.isZero());
    set('trigger_pause_status', Dyn.string('PAUSED'), (v) => (v?.asString() ?? '') === '');
    set('pipelines_development', Dyn.bool(true), (v) => v?.raw !== false);
  },
};

/** AWS tag rules (the fake and most workspaces): letters, digits, spaces and `+-=.:/@`, the rest `_`. */
export function normalizeTagValue(value: string): string {
  return stripMarks(value).replace(/[^\p{L}\p{N}\s+\-=.:/@]|[^\u0000-\u00ff]/gu, '_');
}

interface Tag {
  key: string;
  value: string;
}

function presetTags(state: BundleState): Tag[] {
  const tags = presets(state)?.get('tags');
  if (tags?.kind !== 'map') return [];
  return [...tags.entries]
    .map(([key, pair]) => ({ key, value: pair.value.asString() ?? String(pair.value.raw ?? '') }))
    .sort((a, b) => compareStrings(a.key, b.key));
}

/** The prefix as Unity Catalog names take it: `[dev jane] ` → `dev_jane_`. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replaceAll('[', '').trim();
  return normalizeName(trimmed) + (trimmed.endsWith(']') ? '_' : '');
}

/** The name with the prefix; a name that stays empty stays absent (so a default can fill it). */
function prefixed(resource: Dyn, field: string, prefix: string): Dyn {
  const current = resource.get(field);
  // No prefix leaves a written name as it is (and shared between targets).
  if (prefix === '' && current?.kind === 'string') return resource;
  const name = prefix + (current?.asString() ?? '');
  if (name === '' && !current) return resource;
  return setByPath(resource, [field], Dyn.string(name, current?.locs ?? []));
}

/**
 * A map of tags with the preset tags added: where the key is missing or empty, or (for
 * compute, whose tag rules are stricter) with normalised keys and values where it is missing.
 */
function withMapTags(resource: Dyn, field: string, tags: Tag[], normalized = false): Dyn {
  if (tags.length === 0) return resource;
  return updateByPath(resource, [field], (current) => {
    let out = current?.kind === 'map' ? current : Dyn.map(new Map(), current?.locs ?? []);
    for (const tag of tags) {
      const key = normalized ? normalizeTagValue(tag.key) : tag.key;
      const existing = out.get(key);
      if (normalized ? existing !== undefined : (existing?.asString() ?? '') !== '') continue;
      out = setByPath(out, [key], Dyn.string(normalized ? normalizeTagValue(tag.value) : tag.value));
    }
    return out;
  });
}

/** A list of `{key, value}` tags with the preset tags appended where the key is missing. */
function withListTags(resource: Dyn, field: string, tags: Tag[], normalized = false): Dyn {
  if (tags.length === 0) return resource;
  return updateByPath(resource, [field], (current) => {
    const items = current?.kind === 'seq' ? [...current.items] : [];
    for (const tag of tags) {
      const key = normalized ? normalizeTagValue(tag.key) : tag.key;
      if (items.some((t) => t.get('key')?.asString() === key)) continue;
      items.push(Dyn.from({ key, value: normalized ? normalizeTagValue(tag.value) : tag.value }));
    }
    return Dyn.seq(items, current?.locs ?? []);
  });
}

export const applyPresets: Mutator = {
  name: 'ApplyPresets',
  apply(state) {
    const p = presets(state);
    const pause = p?.get('trigger_pause_status')?.asString() ?? '';
    if (pause !== '' && pause !== 'PAUSED' && pause !== 'UNPAUSED') {
      addError(state, { summary: 'Invalid value for trigger_pause_status, should be PAUSED or UNPAUSED', locations: [p?.get('trigger_pause_status')?.location] });
    }
    const prefix = p?.get('name_prefix')?.asString() ?? '';
    const tags = presetTags(state);
    const maxRuns = p?.get('jobs_max_concurrent_runs');
    const pipelinesDevelopment = p?.get('pipelines_development')?.raw === true;
    const ucPrefix = normalizePrefix(prefix);
    const each = (type: string, fn: (resource: Dyn) => Dyn): void => {
      state.root = mapByPattern(state.root, ['resources', type, '*'], (_p, r) => (r.kind === 'map' ? fn(r) : r));
    };

    each('jobs', (job) => {
      let out = withMapTags(prefixed(job, 'name', prefix), 'tags', tags);
      if ((out.get('max_concurrent_runs')?.isZero() ?? true) && maxRuns && !maxRuns.isZero()) out = setByPath(out, ['max_concurrent_runs'], maxRuns.withLocs([]));
      if (pause !== '') {
        const status = pause === 'UNPAUSED' ? 'UNPAUSED' : 'PAUSED';
        for (const trigger of ['schedule', 'continuous', 'trigger']) {
          const t = out.get(trigger);
          if (t?.kind === 'map' && (t.get('pause_status')?.asString() ?? '') === '') out = setByPath(out, [trigger, 'pause_status'], Dyn.string(status));
        }
      }
      return out;
    });
    each('pipelines', (pipeline) => {
      let out = prefixed(pipeline, 'name', prefix);
      if (pipelinesDevelopment) out = setByPath(out, ['development'], Dyn.bool(true));
      if (pause === 'PAUSED' && out.get('continuous')?.raw === true) out = deleteKey(out, 'continuous');
      return withMapTags(out, 'tags', tags);
    });
    each('models', (model) => withListTags(prefixed(model, 'name', prefix), 'tags', tags));
    each('experiments', (experiment) => {
      const name = experiment.get('name')?.asString() ?? '';
      const dir = posix.dirname(name);
      const base = posix.basename(name);
      const renamed = setByPath(experiment, ['name'], Dyn.string(dir === '.' ? prefix + base : `${dir}/${prefix}${base}`, experiment.get('name')?.locs ?? []));
      return withListTags(renamed, 'tags', tags);
    });
    each('model_serving_endpoints', (endpoint) => prefixed(endpoint, 'name', ucPrefix));
    each('registered_models', (model) => prefixed(model, 'name', ucPrefix));
    if (pause === 'PAUSED') {
      each('quality_monitors', (monitor) => {
        const schedule = monitor.get('schedule');
        if (schedule && schedule.get('pause_status')?.asString() !== 'UNPAUSED') return deleteKey(monitor, 'schedule');
        return monitor;
      });
    }
    if (lookup(state.root, ['experimental', 'skip_name_prefix_for_schema'])?.raw !== true) each('schemas', (schema) => prefixed(schema, 'name', ucPrefix));
    each('clusters', (cluster) => withMapTags(prefixed(cluster, 'cluster_name', prefix), 'custom_tags', tags, true));
    each('instance_pools', (pool) => withMapTags(prefixed(pool, 'instance_pool_name', prefix), 'custom_tags', tags, true));
    each('dashboards', (dashboard) => prefixed(dashboard, 'display_name', prefix));
    each('genie_spaces', (space) => prefixed(space, 'title', prefix));
    each('alerts', (alert) => {
      let out = prefixed(alert, 'display_name', prefix);
      const schedule = out.get('schedule');
      if (pause !== '' && (schedule?.get('quartz_cron_schedule')?.asString() ?? '') !== '' && (schedule?.get('pause_status')?.asString() ?? '') === '') {
        out = setByPath(out, ['schedule', 'pause_status'], Dyn.string(pause === 'UNPAUSED' ? 'UNPAUSED' : 'PAUSED'));
      }
      return out;
    });
    each('sql_warehouses', (warehouse) => {
      const out = prefixed(warehouse, 'name', prefix);
      if (tags.length === 0) return out;
      return updateByPath(out, ['tags'], (current) => withListTags(current?.kind === 'map' ? current : Dyn.map(new Map()), 'custom_tags', tags, true));
    });
  },
};

function deleteKey(map: Dyn, key: string): Dyn {
  const entries = copyEntries(map.entries);
  entries.delete(key);
  return Dyn.map(entries, map.locs);
}

/** The CLI's SetDefault: each key a map matching the pattern lacks is set, in one pass (one copy of each map). */
function setDefaults(state: BundleState, pattern: string[], defaults: readonly (readonly [string, Dyn])[]): void {
  state.root = mapByPattern(state.root, pattern, (_p, v) => {
    if (v.kind !== 'map') return v;
    const missing = defaults.filter(([key]) => !v.entries.has(key));
    return missing.length === 0 ? v : withEntries(v, missing);
  });
}

export const resourceDefaults: Mutator = {
  name: 'ResourceDefaults',
  apply(state) {
    const resourcePath = Dyn.string(stringAt(state.root, 'workspace', 'resource_path'));
    const defaults: [string[], [string, Dyn][]][] = [
      [['resources', 'dashboards', '*'], [['parent_path', resourcePath], ['embed_credentials', Dyn.bool(false)]]],
      [['resources', 'genie_spaces', '*'], [['parent_path', resourcePath]]],
      [['resources', 'volumes', '*'], [['volume_type', Dyn.string('MANAGED')]]],
      [['resources', 'alerts', '*'], [['parent_path', resourcePath]]],
      // A job's own keys are added in this order whatever its schedule, trigger or continuous get.
      [['resources', 'jobs', '*'], [['name', Dyn.string('Untitled')], ['max_concurrent_runs', Dyn.int(1)], ['queue', Dyn.from({ enabled: true })]]],
      [['resources', 'jobs', '*', 'schedule'], [['pause_status', Dyn.string('UNPAUSED')]]],
      [['resources', 'jobs', '*', 'trigger'], [['pause_status', Dyn.string('UNPAUSED')]]],
      [['resources', 'jobs', '*', 'continuous'], [['pause_status', Dyn.string('UNPAUSED')]]],
      [['resources', 'jobs', '*', 'job_clusters', '[*]', 'new_cluster', 'workload_type', 'clients'], [['notebooks', Dyn.bool(true)], ['jobs', Dyn.bool(true)]]],
      [['resources', 'pipelines', '*'], [['edition', Dyn.string('ADVANCED')], ['channel', Dyn.string('CURRENT')]]],
      [
        ['resources', 'sql_warehouses', '*'],
        [['auto_stop_mins', Dyn.int(120)], ['enable_photon', Dyn.bool(true)], ['max_num_clusters', Dyn.int(1)], ['spot_instance_policy', Dyn.string('COST_OPTIMIZED')]],
      ],
      [['resources', 'apps', '*'], [['description', Dyn.string('')]]],
      [['resources', 'clusters', '*'], [['autotermination_minutes', Dyn.int(60)]]],
      [['resources', 'clusters', '*', 'workload_type', 'clients'], [['notebooks', Dyn.bool(true)], ['jobs', Dyn.bool(true)]]],
    ];
    for (const [pattern, values] of defaults) setDefaults(state, pattern, values);
  },
};

export const overrideCompute: Mutator = {
  name: 'OverrideCompute',
  apply(state) {
    const mode = stringAt(state.root, 'bundle', 'mode');
    if (mode === 'production' && stringAt(state.root, 'bundle', 'cluster_id') !== '') {
      addWarning(state, {
        summary: "Setting a cluster override for a target that uses 'mode: production' is not recommended",
        detail: 'It is recommended to always use the same compute for production target for consistency.',
      });
    }
    const fromEnv = state.env.DATABRICKS_CLUSTER_ID;
    if (fromEnv) {
      if (mode !== 'development') {
        return addWarning(state, "The DATABRICKS_CLUSTER_ID variable is set but is ignored since the current target does not use 'mode: development'");
      }
      state.root = setByPath(state.root, ['bundle', 'cluster_id'], Dyn.string(fromEnv));
    }
    const clusterId = stringAt(state.root, 'bundle', 'cluster_id');
    if (clusterId === '') return;
    state.root = mapByPattern(state.root, ['resources', 'jobs', '*', 'tasks', '[*]'], (_p, task) => {
      const inner: Path = task.get('for_each_task') ? ['for_each_task', 'task'] : [];
      return updateByPath(task, inner, (t) => {
        const current = t ?? Dyn.map(new Map());
        const uses = ['new_cluster', 'existing_cluster_id', 'environment_key', 'job_cluster_key'].some((k) => current.get(k) && !current.get(k)?.isZero());
        if (!uses) return current;
        let out = current;
        for (const k of ['new_cluster', 'job_cluster_key', 'environment_key']) out = deleteKey(out, k);
        return setByPath(out, ['existing_cluster_id'], Dyn.string(clusterId));
      });
    });
  },
};

export const validateTargetMode: Mutator = {
  name: 'ValidateTargetMode',
  apply(state) {
    const mode = stringAt(state.root, 'bundle', 'mode');
    const user = state.currentUser;
    if (mode === '' || !user) return;
    if (mode === 'development') {
      const p = presets(state);
      if (p?.get('trigger_pause_status')?.asString() === 'UNPAUSED') {
        addError(state, { summary: "target with 'mode: development' cannot set trigger pause status to UNPAUSED by default", locations: [p.get('trigger_pause_status')?.location] });
      }
      const contains = (s: string): boolean => s.includes(user.userName) || s.includes(user.shortName);
      const nonUser = ['root_path', 'file_path', 'resource_path', 'artifact_path', 'state_path'].find((k) => {
        const v = stringAt(state.root, 'workspace', k);
        return v !== '' && !contains(v);
      });
      if (nonUser === 'artifact_path' && stringAt(state.root, 'workspace', 'artifact_path').startsWith('/Volumes')) {
        addError(state, {
          summary: `${nonUser} should contain the current username or \${workspace.current_user.short_name} to ensure uniqueness when using 'mode: development'`,
          locations: [state.root.get('workspace')?.get(nonUser)?.location],
        });
      } else if (nonUser) {
        addError(state, {
          summary: `${nonUser} must start with '~/' or contain the current username to ensure uniqueness when using 'mode: development'`,
          locations: [state.root.get('workspace')?.get(nonUser)?.location],
        });
      }
      const prefix = p?.get('name_prefix')?.asString() ?? '';
      const identifies = prefix.includes(user.userName) || prefix.includes(user.shortName) || (user.domainFriendlyName !== '' && prefix.includes(user.domainFriendlyName));
      if (prefix !== '' && !identifies) {
        addError(state, {
          summary: "prefix should contain the current username or ${workspace.current_user.short_name} to ensure uniqueness when using 'mode: development'",
          locations: [p?.get('name_prefix')?.location],
        });
      }
      return;
    }
    if (mode === 'production') return validateProductionMode(state, user.userName);
    addError(state, { summary: `unsupported value '${mode}' specified for 'mode': must be either 'development' or 'production'`, locations: [state.root.get('bundle')?.get('mode')?.location] });
  },
};

function validateProductionMode(state: BundleState, userName: string): void {
  const pipelines = state.root.get('resources')?.get('pipelines');
  if (pipelines?.kind === 'map' && [...pipelines.entries.values()].some((p) => p.value.get('development')?.raw === true)) {
    return addError(state, "target with 'mode: production' cannot include a pipeline with 'development: true'");
  }
  if (state.targetWorkspaceRootPath) return;
  const jobs = state.root.get('resources')?.get('jobs');
  const runAsSet = jobs?.kind !== 'map' || [...jobs.entries.values()].every((j) => j.value.get('run_as') !== undefined);
  const advice = "set 'workspace.root_path' to make sure only one copy is deployed";
  const detail = `A common practice is to use a username or principal name in this path, i.e. use\n\n  root_path: /Workspace/Users/${userName}/.bundle/\${bundle.name}/\${bundle.target}`;
  const subject = ['bundle', 'mode'];
  if (runAsSet || isServicePrincipalName(userName)) addRecommendation(state, { summary: `target with 'mode: production' should ${advice}`, detail, subject });
  else addError(state, { summary: `target with 'mode: production' must ${advice}`, detail, subject });
}
