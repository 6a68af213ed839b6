/**
 * Load phase, after the files are merged: legacy spellings, key checks, and selecting the
 * target whose overrides are merged over the top-level configuration.
 */
import { Dyn, emptyMap, withoutEntry } from '../dyn/value.js';
import { merge, MergeError } from '../dyn/merge.js';
import { forEachByPattern, formatPath, lookup, mapByPattern, setByPath, type Path } from '../dyn/path.js';
import { containsReference } from '../dyn/ref.js';
import { compareStrings } from '../dyn/merge.js';
import type { Location } from '../model.js';
import { addError, addWarning, type BundleState, type Mutator } from '../state.js';

export const environmentsToTargets: Mutator = {
  name: 'EnvironmentsToTargets',
  apply(state) {
    const environments = state.root.get('environments');
    if (!environments) return;
    const targets = state.root.get('targets');
    if (targets) {
      const at = environments.location;
      return addError(state, `both 'environments' and 'targets' are specified; only 'targets' should be used: ${at ? `${at.file}:${at.line}:${at.column}` : ''}`);
    }
    state.root = withoutEntry(setByPath(state.root, ['targets'], environments), 'environments');
  },
};

export const computeIdToClusterId: Mutator = {
  name: 'ComputeIdToClusterId',
  apply(state) {
    const rewrite = (base: Path): void => {
      const computeId = lookup(state.root, [...base, 'compute_id']);
      if (!computeId) return;
      addWarning(state, { summary: 'compute_id is deprecated, please use cluster_id instead', locations: computeId.locs, paths: [[...base, 'compute_id']] });
      state.root = setByPath(state.root, [...base, 'cluster_id'], computeId);
      state.root = setByPath(state.root, base, withoutEntry(lookup(state.root, base) as Dyn, 'compute_id'));
    };
    rewrite(['bundle']);
    const targets = state.root.get('targets');
    if (targets?.kind === 'map') for (const name of targets.entries.keys()) rewrite(['targets', name]);
  },
};

/** A variable declared without a body (`variables: {x:}`) is an empty definition. */
export const initializeVariables: Mutator = {
  name: 'InitializeVariables',
  apply(state) {
    state.root = mapByPattern(state.root, ['variables', '*'], (_p, v) => (v.kind === 'nil' ? emptyMap(v.locs) : v));
  },
};

export const defineDefaultTarget: Mutator = {
  name: 'DefineDefaultTarget(default)',
  apply(state) {
    const targets = state.root.get('targets');
    if (targets?.kind === 'map' && targets.entries.size > 0) return;
    state.root = setByPath(state.root, ['targets'], Dyn.map(new Map([['default', { keyLocs: [], value: emptyMap() }]])));
  },
};

export const noVariableReferenceInResourceKey: Mutator = {
  name: 'validate:no_variable_reference_in_resource_key',
  apply(state) {
    for (const pattern of [
      ['resources', '*', '*'],
      ['targets', '*', 'resources', '*', '*'],
    ]) {
      forEachByPattern(state.root, pattern, (p, v) => {
        const key = p[p.length - 1] as string;
        if (containsReference(key)) {
          addError(state, { summary: `resource key ${JSON.stringify(key)} must not contain variable references`, locations: v.locs, paths: [p] });
        }
      });
    }
  },
};

export const uniqueResourceKeys: Mutator = {
  name: 'validate:unique_resource_keys',
  apply(state) {
    const seen = new Map<string, { locations: Location[]; paths: Path[] }>();
    const add = (key: string, path: Path, v: Dyn): void => {
      const entry = seen.get(key) ?? { locations: [], paths: [] };
      entry.paths.push(path);
      entry.locations.push(...v.locs);
      seen.set(key, entry);
    };
    forEachByPattern(state.root, ['resources', '*', '*'], (p, v) => add(p[2] as string, p, v));
    forEachByPattern(state.root, ['scripts', '*'], (p, v) => add(p[1] as string, p, v));
    for (const [key, entry] of seen) {
      if (entry.locations.length <= 1) continue;
      entry.locations.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column);
      entry.paths.sort((a, b) => compareStrings(formatPath(a), formatPath(b)));
      addError(state, { summary: `multiple resources or scripts have been defined with the same key: ${key}`, locations: entry.locations, paths: entry.paths });
    }
  },
};

/** Picks the target: -t / DATABRICKS_BUNDLE_TARGET, else the only one, else the one marked `default: true`. */
export const selectTarget: Mutator = {
  name: 'SelectTarget',
  apply(state) {
    const targets = state.root.get('targets');
    if (targets?.kind !== 'map' || targets.entries.size === 0) return addError(state, 'no targets defined');
    const names = [...targets.entries.keys()];
    let name = state.requestedTarget || state.env.DATABRICKS_BUNDLE_TARGET || undefined;
    if (!name) {
      if (names.length === 1) name = names[0];
      else {
        const defaults = names.filter((n) => targets.get(n)?.get('default')?.raw === true);
        if (defaults.length > 1) {
          return addError(state, { summary: `multiple targets are marked as default (${defaults.join(', ')})`, locations: defaults.map((n) => targets.get(n)?.get('default')?.location) });
        }
        if (defaults.length === 0) return addError(state, 'please specify target');
        name = defaults[0];
      }
    }
    if (name === undefined || !targets.entries.has(name)) return addError(state, `${name}: no such target. Available targets: ${names.join(', ')}`);
    try {
      mergeTargetOverrides(state, name);
    } catch (error) {
      if (!(error instanceof MergeError || error instanceof TargetError)) throw error;
      return addError(state, { summary: `failed to perform target override for target=${name}: ${error.message}`, locations: error.locations });
    }
    state.target = name;
    state.targetWorkspaceRootPath = targets.get(name)?.get('workspace')?.get('root_path')?.asString() ?? '';
    state.root = setByPath(state.root, ['bundle', 'target'], Dyn.string(name));
    state.root = setByPath(state.root, ['bundle', 'environment'], Dyn.string(name));
    state.root = withoutEntry(withoutEntry(state.root, 'targets'), 'environments');
  },
};

class TargetError extends Error {
  constructor(
    message: string,
    readonly locations: readonly Location[],
  ) {
    super(message);
  }
}

const MERGED_FIELDS = ['bundle', 'workspace', 'artifacts', 'resources', 'sync', 'permissions', 'presets'];

function mergeTargetOverrides(state: BundleState, name: string): void {
  const target = state.root.get('targets')?.get(name) ?? Dyn.nil;
  const rootVariables = state.root.get('variables');
  const targetVariables = target.get('variables');
  if (targetVariables?.kind === 'map') {
    for (const key of targetVariables.entries.keys()) {
      if (!rootVariables?.get(key)) throw new TargetError(`variable ${key} is not defined but is assigned a value`, targetVariables.entries.get(key)?.keyLocs ?? []);
    }
  }

  let root = state.root;
  for (const field of MERGED_FIELDS) {
    const reference = root.get(field);
    const override = target.get(field);
    if (reference && override) {
      try {
        root = setByPath(root, [field], merge(reference, override));
      } catch (error) {
        if (error instanceof MergeError) throw new TargetError(`failed to merge target=${name} field=${field}: ${error.message}`, error.locations);
        throw error;
      }
    } else if (override) root = setByPath(root, [field], override);
  }

  if (targetVariables?.kind === 'map') {
    for (const [key, pair] of targetVariables.entries) {
      const defaultValue = pair.value.get('default');
      if (defaultValue) {
        root = setByPath(root, ['variables', key, 'default'], defaultValue);
        root = setByPath(root, ['variables', key, 'lookup'], Dyn.nil);
      }
      const lookupValue = pair.value.get('lookup');
      if (lookupValue) {
        root = setByPath(root, ['variables', key, 'lookup'], lookupValue);
        root = setByPath(root, ['variables', key, 'default'], Dyn.nil);
      }
    }
  }

  const runAs = target.get('run_as');
  if (runAs) root = setByPath(root, ['run_as'], runAs);
  if (!root.get('bundle')) root = setByPath(root, ['bundle'], emptyMap());
  const mode = target.get('mode');
  if (mode) root = setByPath(root, ['bundle', 'mode'], mode);
  const clusterId = target.get('cluster_id');
  if (clusterId) root = setByPath(root, ['bundle', 'cluster_id'], clusterId);
  const git = target.get('git');
  if (git) root = setByPath(root, ['bundle', 'git'], merge(root.get('bundle')?.get('git') ?? emptyMap(), git));
  state.root = root;
}
