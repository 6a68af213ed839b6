import type { JsonValue, ResolvedTarget } from '../bundle/model.js';
import { resourcesOf, stringAt } from '../rules/config.js';
import { GUARDED_TYPES, type BundleResource, type GuardedType, type TargetPlaces } from './model.js';

/** The field that holds the name the workspace shows. */
const NAME_FIELD: Readonly<Record<GuardedType, string>> = { jobs: 'name', pipelines: 'name', dashboards: 'display_name' };

/** Every job, pipeline and dashboard of the target under its final name, where its YAML defines it. */
export function guardedResources(target: ResolvedTarget): BundleResource[] {
  return GUARDED_TYPES.flatMap((type) =>
    resourcesOf(target.config, type).flatMap(([key, definition]): BundleResource[] => {
      const name = stringAt(definition, [NAME_FIELD[type]]);
      if (name === undefined || name === '') return [];
      const location = target.locate(['resources', type, key]);
      const path = type === 'dashboards' ? dashboardPath(target, definition, name) : undefined;
      return [{ type, key, name, ...(path ? { path } : {}), ...(location ? { location } : {}) }];
    }),
  );
}

/** A dashboard's draft lives at `<parent_path>/<display_name>.lvdash.json`; parent_path defaults to the resource path. */
function dashboardPath(target: ResolvedTarget, definition: JsonValue, name: string): string {
  const parent = stringAt(definition, ['parent_path']) || targetPlaces(target).resourcePath;
  return `${parent.replace(/\/+$/, '')}/${name}.lvdash.json`;
}

/** Where this target deploys to, from `workspace.*`. */
export function targetPlaces(target: ResolvedTarget): TargetPlaces {
  return {
    statePath: stringAt(target.config, ['workspace', 'state_path']) ?? '',
    resourcePath: stringAt(target.config, ['workspace', 'resource_path']) ?? '',
  };
}
