import { RESOURCE_TYPES, TYPE_SPECS, workspaceNameKey, workspaceNameOf } from '../guard/types.js';
import type { Rule, Problem } from './rule.js';
import { resourcesOf } from '../bundle/config-values.js';
import { describePlace, whereWritten } from './config.js';

export const duplicateName: Rule = {
  id: 'duplicate-name',
  severity: 'error',
  doc: {
    summary: 'Two resources of one type in one target end up with the same name',
    description:
      'Two resources with the same final name (after variables and the target\'s presets, such as the `[dev <user>]` prefix) either deploy side by side, where the workspace allows repeated names (jobs, pipelines, dashboards…), and people run, edit or delete the wrong one; or, where the name is unique (schemas, volumes, serving endpoints…), the deploy fails half-way. The rule compares the names of every resource type within each target, as the workspace compares them (job and Unity Catalog names without regard to case), with the same comparison `dataops guard` uses.',
    bad: 'resources:\n  jobs:\n    ingest:\n      name: daily-sales\n    report:\n      name: daily-sales',
    good: 'resources:\n  jobs:\n    ingest:\n      name: daily-sales-ingest\n    report:\n      name: daily-sales-report',
  },
  check({ target, sources }) {
    const problems: Problem[] = [];
    for (const type of RESOURCE_TYPES) {
      const field = TYPE_SPECS[type].nameFields.at(-1);
      if (field === undefined) continue;
      const byName = new Map<string, { name: string; keys: string[] }>();
      for (const [key, resource] of resourcesOf(target.config, type)) {
        const name = workspaceNameOf(type, resource);
        if (name === undefined) continue;
        const same = byName.get(workspaceNameKey(type, name));
        if (same) same.keys.push(key);
        else byName.set(workspaceNameKey(type, name), { name, keys: [key] });
      }
      const noun = type;
      for (const { name, keys } of byName.values()) {
        if (keys.length < 2) continue;
        // A name nobody wrote is the CLI's placeholder ("Untitled"), not a collision anyone made.
        const [first, ...rest] = keys.filter((key) => whereWritten(sources, target.target, ['resources', type, key, field]));
        for (const key of rest) {
          problems.push({
            message: `${noun} ${first} and ${key} are both named "${name}"`,
            location: target.locate(['resources', type, key, field]) ?? target.locate(['resources', type, key]),
            hint: `rename one of them; ${describePlace(first as string, target.locate(['resources', type, first as string, field]))} has this name already`,
          });
        }
      }
    }
    return problems;
  },
};
