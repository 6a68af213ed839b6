import type { JsonValue, Location } from '../bundle/model.js';
import { formatLocation } from '../errors.js';
import type { YamlSource } from '../yaml-source.js';
import { isObject } from '../bundle/config-values.js';
import type { Problem, Rule } from './rule.js';

interface Definition {
  key: string;
  type: string;
  /** Under `targets.<name>.resources` rather than the top-level `resources`. */
  override: boolean;
  location: Location;
}

/** Resource definitions as written, file by file: top level, and under the selected target. */
function definitionsIn(source: YamlSource, target: string | null): Definition[] {
  const found: Definition[] = [];
  const collect = (resources: JsonValue | undefined, prefix: ReadonlyArray<string>, override: boolean): void => {
    if (!isObject(resources)) return;
    for (const [type, group] of Object.entries(resources)) {
      if (!isObject(group)) continue;
      for (const key of Object.keys(group)) {
        found.push({ key, type, override, location: source.locate([...prefix, type, key], 'key') });
      }
    }
  };
  const data = isObject(source.data) ? source.data : {};
  collect(data.resources, ['resources'], false);
  const targets = data.targets;
  if (target !== null && isObject(targets) && isObject(targets[target])) {
    collect(targets[target].resources, ['targets', target, 'resources'], true);
  }
  return found;
}

const singular = (type: string): string => type.replace(/ies$/, 'y').replace(/s$/, '');

export const duplicateKey: Rule = {
  id: 'duplicate-key',
  severity: 'error',
  doc: {
    summary: 'The same resource key is defined in two places',
    description:
      'A resource key names one resource of the bundle, whatever its type. When two files (or two types in one file) define the same key, one definition silently wins or the two are merged into a resource nobody wrote, and references such as `${resources.jobs.<key>.id}` become ambiguous. The rule reads every configuration file as written: a target may override a top-level resource, but not define it again as another type.',
    bad: '# resources/ingest.yml\nresources:\n  jobs:\n    sales: { name: sales-ingest }\n# resources/report.yml\nresources:\n  pipelines:\n    sales: { name: sales-report }',
    good: '# resources/ingest.yml\nresources:\n  jobs:\n    sales_ingest: { name: sales-ingest }\n# resources/report.yml\nresources:\n  pipelines:\n    sales_report: { name: sales-report }',
  },
  check({ sources, target }) {
    const byKey = new Map<string, Definition[]>();
    for (const source of sources) {
      for (const definition of definitionsIn(source, target.target)) {
        byKey.set(definition.key, [...(byKey.get(definition.key) ?? []), definition]);
      }
    }
    const problems: Problem[] = [];
    for (const definitions of byKey.values()) {
      // Top-level definitions come first: they are what a target override refers to.
      const ordered = [...definitions.filter((d) => !d.override), ...definitions.filter((d) => d.override)];
      const [first, ...rest] = ordered;
      if (!first) continue;
      for (const later of rest) {
        const sameTypeOverride = later.override && later.type === first.type;
        if (sameTypeOverride) continue;
        problems.push({
          message: `resource key "${later.key}" is defined again: as a ${singular(later.type)} here and as a ${singular(first.type)} at ${formatLocation(first.location)}`,
          location: later.location,
          hint: 'give each resource its own key; resource keys must be unique across all files and types',
        });
      }
    }
    return problems;
  },
};
