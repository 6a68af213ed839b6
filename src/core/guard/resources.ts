import type { JsonObject, JsonValue, ResolvedTarget } from '../bundle/model.js';
import { resourcesOf, stringAt } from '../bundle/config-values.js';
import type { BundleResource, TargetPlaces } from './model.js';
import { RESOURCE_TYPES, TYPE_SPECS, workspaceNameOf } from './types.js';

/**
 * Every resource of the target that carries a name, under its final name, where its YAML
 * defines it. Resources of a type without names (job runs) are left out: nothing to compare.
 */
export function guardedResources(target: ResolvedTarget): BundleResource[] {
  return RESOURCE_TYPES.filter((type) => TYPE_SPECS[type].names !== 'unnamed').flatMap((type) =>
    resourcesOf(target.config, type).flatMap(([key, definition]): BundleResource[] => {
      const raw = workspaceNameOf(type, definition);
      if (raw === undefined) return [];
      const name = withResourceFields(raw, target.config);
      const location = target.locate(['resources', type, key]);
      const path = type === 'dashboards' ? dashboardPath(target, definition, name) : undefined;
      return [{ type, key, name, ...(path ? { path } : {}), ...(location ? { location } : {}) }];
    }),
  );
}

/**
 * `${resources.schemas.sales.name}` in a name is known offline when it points at a field the
 * configuration sets (the deploy substitutes it the same way); one that points at what only
 * the deploy learns (`.id`) stays as it is, and the guard reports the resource unchecked.
 */
function withResourceFields(name: string, config: JsonObject): string {
  return name.replace(/\$\{resources\.([a-z_]+)\.([\w-]+)\.([\w.]+)\}/g, (reference, type: string, key: string, field: string) => {
    const value = stringAt(config, ['resources', type, key, ...field.split('.')]);
    return value !== undefined && !value.includes('${') ? value : reference;
  });
}

/** A dashboard's draft lives at `<parent_path>/<display_name>.lvdash.json`; parent_path defaults to the resource path. */
function dashboardPath(target: ResolvedTarget, definition: JsonValue, name: string): string {
  const parent = stringAt(definition, ['parent_path']) || targetPlaces(target).resourcePath;
  return `${parent.replace(/\/+$/, '')}/${name}.lvdash.json`;
}

/** Where this target deploys to, from `workspace.*`. */
export function targetPlaces(target: ResolvedTarget): TargetPlaces {
  return {
    rootPath: stringAt(target.config, ['workspace', 'root_path']) ?? '',
    statePath: stringAt(target.config, ['workspace', 'state_path']) ?? '',
    resourcePath: stringAt(target.config, ['workspace', 'resource_path']) ?? '',
  };
}
