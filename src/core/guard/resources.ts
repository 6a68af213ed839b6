import type { ResolvedTarget } from '../bundle/model.js';
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
      return [{ type, key, name, ...(location ? { location } : {}) }];
    }),
  );
}

/** Where this target deploys to, from `workspace.*`. */
export function targetPlaces(target: ResolvedTarget): TargetPlaces {
  return {
    statePath: stringAt(target.config, ['workspace', 'state_path']) ?? '',
    resourcePath: stringAt(target.config, ['workspace', 'resource_path']) ?? '',
  };
}
