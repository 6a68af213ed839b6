/**
 * Resource normalisation: keyed lists merged (a task, job cluster, parameter or pipeline
 * cluster defined in several files becomes one), computed fields (volume paths, deployment
 * metadata) and the CLI's cleanup of empty strings.
 */
import { posix } from 'node:path';
import { Dyn, withEntries } from '../dyn/value.js';
import { mapByPattern, lookup, parsePath, setByPath } from '../dyn/path.js';
import { mergeElementsByKey, type ElementsByKeyOptions } from '../dyn/merge.js';
import { isPureReference } from '../dyn/ref.js';
import { normalize } from '../convert/normalize.js';
import { addError, stringAt, type Mutator } from '../state.js';

function mergeByKey(name: string, pattern: string[], key: string, options: ElementsByKeyOptions = {}): Mutator {
  return {
    name,
    apply(state) {
      state.root = mapByPattern(state.root, pattern, (_p, list) => mergeElementsByKey(list, key, options));
    },
  };
}

export const mergeJobClusters = mergeByKey('MergeJobClusters', ['resources', 'jobs', '*', 'job_clusters'], 'job_cluster_key');
export const mergeJobParameters = mergeByKey('MergeJobParameters', ['resources', 'jobs', '*', 'parameters'], 'name');
export const mergeJobTasks = mergeByKey('MergeJobTasks', ['resources', 'jobs', '*', 'tasks'], 'task_key', { sort: true });
export const mergePipelineClusters = mergeByKey('MergePipelineClusters', ['resources', 'pipelines', '*', 'clusters'], 'label', {
  keyOf: (v) => (v === undefined || v.kind === 'nil' ? 'default' : (v.asString() ?? '').toLowerCase()),
});
export const mergeApps = mergeByKey('MergeApps', ['resources', 'apps', '*', 'resources'], 'name', { override: true });

const GRANT_RESOURCE_TYPES = ['catalogs', 'schemas', 'external_locations', 'secrets', 'volumes', 'registered_models', 'vector_search_indexes'];

export const mergeGrants: Mutator = {
  name: 'MergeGrants',
  apply(state) {
    for (const type of GRANT_RESOURCE_TYPES) {
      state.root = mapByPattern(state.root, ['resources', type, '*', 'grants'], (_p, grants) => {
        const merged = mergeElementsByKey(grants, 'principal');
        return mapByPattern(merged, ['[*]', 'privileges'], (_q, privileges) => {
          if (privileges.kind !== 'seq') return privileges;
          const seen = new Set<string>();
          const kept = privileges.items.filter((p) => {
            const key = p.asString() ?? '';
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
          return Dyn.seq(kept, privileges.locs);
        });
      });
    }
  },
};

/**
 * A Unity Catalog name that matches a catalog or schema defined in the bundle becomes a
 * reference to it (`${resources.schemas.x.name}`), so the dependency is explicit.
 */
export const captureUCDependencies: Mutator = {
  name: 'CaptureUCDependencies',
  apply(state) {
    const resources = state.root.get('resources');
    const find = (type: string, match: (r: Dyn) => boolean): string | undefined => {
      const all = resources?.get(type);
      if (all?.kind !== 'map') return undefined;
      for (const [key, pair] of all.entries) if (pair.value.kind === 'map' && match(pair.value)) return key;
      return undefined;
    };
    const schemaRef = (catalog: string, schema: string): string => {
      if (catalog === '' || schema === '') return schema;
      const key = find('schemas', (s) => s.get('catalog_name')?.asString() === catalog && s.get('name')?.asString() === schema);
      return key === undefined ? schema : `\${resources.schemas.${key}.name}`;
    };
    const catalogRef = (catalog: string): string => {
      if (catalog === '') return catalog;
      const key = find('catalogs', (c) => c.get('name')?.asString() === catalog);
      return key === undefined ? catalog : `\${resources.catalogs.${key}.name}`;
    };
    const rewrite = (v: Dyn, catalogField: string, schemaFields: string[]): Dyn => {
      const catalog = v.get(catalogField)?.asString() ?? '';
      let out = v;
      for (const field of schemaFields) out = replaceString(out, field, schemaRef(catalog, v.get(field)?.asString() ?? ''));
      return replaceString(out, catalogField, catalogRef(catalog));
    };
    const each = (pattern: string[], fn: (v: Dyn) => Dyn): void => {
      state.root = mapByPattern(state.root, pattern, (_p, v) => (v.kind === 'map' ? fn(v) : v));
    };
    for (const type of ['volumes', 'secrets', 'registered_models']) each(['resources', type, '*'], (v) => rewrite(v, 'catalog_name', ['schema_name']));
    each(['resources', 'pipelines', '*'], (v) => rewrite(v, 'catalog', ['schema', 'target']));
    each(['resources', 'quality_monitors', '*'], (v) => {
      const output = v.get('output_schema_name')?.asString() ?? '';
      const dot = output.indexOf('.');
      if (dot < 0) return v;
      const catalog = output.slice(0, dot);
      return replaceString(v, 'output_schema_name', `${catalogRef(catalog)}.${schemaRef(catalog, output.slice(dot + 1))}`);
    });
    each(['resources', 'model_serving_endpoints', '*', 'ai_gateway', 'inference_table_config'], (v) => rewrite(v, 'catalog_name', ['schema_name']));
    each(['resources', 'model_serving_endpoints', '*', 'config', 'auto_capture_config'], (v) => rewrite(v, 'catalog_name', ['schema_name']));
    each(['resources', 'schemas', '*'], (v) => replaceString(v, 'catalog_name', catalogRef(v.get('catalog_name')?.asString() ?? '')));
  },
};

/** Sets a string field when the value changes (an absent field stays absent when the new value is empty). */
function replaceString(v: Dyn, field: string, value: string): Dyn {
  const current = v.get(field);
  if ((current?.asString() ?? '') === value) return v;
  return setByPath(v, [field], Dyn.string(value, current?.locs ?? []));
}

/** volume_path is computed from catalog, schema and name (following pure references to other resources). */
export const initializeVolumePaths: Mutator = {
  name: 'InitializeVolumePaths',
  apply(state) {
    const root = state.root;
    const follow = (v: Dyn | undefined): string => {
      const s = v?.asString() ?? '';
      if (!isPureReference(s)) return s;
      const path = parsePath(s.slice(2, -1));
      if (!path || path[0] !== 'resources') return s;
      return lookup(root, path)?.asString() ?? s;
    };
    state.root = mapByPattern(state.root, ['resources', 'volumes', '*'], (p, volume) => {
      const existing = volume.get('volume_path')?.asString();
      if (existing) {
        addError(state, `${p.join('.')}.volume_path is computed and read-only; remove it from the configuration`);
        return volume;
      }
      const volumePath = `/Volumes/${follow(volume.get('catalog_name'))}/${follow(volume.get('schema_name'))}/${follow(volume.get('name'))}`;
      return setByPath(volume, ['volume_path'], Dyn.string(volumePath));
    });
  },
};

/** Optional resource fields that ended up "" (often from an empty variable) are not sent. */
export const dropEmptyStrings: Mutator = {
  name: 'DropEmptyStrings',
  apply(state) {
    const resources = state.root.get('resources');
    if (!resources) return;
    const { value, diagnostics } = normalize('config.Resources', resources, ['resources'], { dropEmptyStrings: true });
    state.diagnostics.push(...diagnostics);
    state.root = setByPath(state.root, ['resources'], value ?? Dyn.nil);
    state.root = mapByPattern(state.root, ['resources', 'apps', '*'], (_p, app) => (app.get('description') ? app : setByPath(app, ['description'], Dyn.string(''))));
  },
};

function metadataFilePath(root: Dyn): string {
  return posix.join(stringAt(root, 'workspace', 'state_path'), 'metadata.json');
}

export const annotateJobs: Mutator = {
  name: 'metadata.AnnotateJobs',
  apply(state) {
    const annotations = [
      ['deployment', Dyn.from({ kind: 'BUNDLE', metadata_file_path: metadataFilePath(state.root) })],
      ['edit_mode', Dyn.string('UI_LOCKED')],
      ['format', Dyn.string('MULTI_TASK')],
    ] as const;
    state.root = mapByPattern(state.root, ['resources', 'jobs', '*'], (_p, job) => (job.kind === 'map' ? withEntries(job, annotations) : job));
  },
};

export const annotatePipelines: Mutator = {
  name: 'metadata.AnnotatePipelines',
  apply(state) {
    const metadata = metadataFilePath(state.root);
    state.root = mapByPattern(state.root, ['resources', 'pipelines', '*'], (_p, pipeline) =>
      pipeline.kind === 'map' ? setByPath(pipeline, ['deployment'], Dyn.from({ kind: 'BUNDLE', metadata_file_path: metadata })) : pipeline,
    );
  },
};
