import type { Rule, Problem } from './rule.js';
import { describePlace, resourcesOf, stringAt, whereWritten } from './config.js';

/** Resource types whose final name is what people (and `dataops guard`) recognise them by. */
const NAMED: ReadonlyArray<{ type: string; field: string; noun: string }> = [
  { type: 'jobs', field: 'name', noun: 'jobs' },
  { type: 'pipelines', field: 'name', noun: 'pipelines' },
  { type: 'dashboards', field: 'display_name', noun: 'dashboards' },
];

export const duplicateName: Rule = {
  id: 'duplicate-name',
  severity: 'error',
  doc: {
    summary: 'Two jobs, pipelines or dashboards of one target end up with the same name',
    description:
      'Databricks does not require names to be unique, so two resources with the same final name (after variables and the target\'s presets, such as the `[dev <user>]` prefix) deploy side by side and people run, edit or delete the wrong one. The rule compares the names of jobs, of pipelines and of dashboards within each target.',
    bad: 'resources:\n  jobs:\n    ingest:\n      name: daily-sales\n    report:\n      name: daily-sales',
    good: 'resources:\n  jobs:\n    ingest:\n      name: daily-sales-ingest\n    report:\n      name: daily-sales-report',
  },
  check({ target, sources }) {
    const problems: Problem[] = [];
    for (const { type, field, noun } of NAMED) {
      const keysByName = new Map<string, string[]>();
      for (const [key, resource] of resourcesOf(target.config, type)) {
        const name = stringAt(resource, [field]);
        if (name === undefined || name === '') continue;
        const keys = keysByName.get(name);
        if (keys) keys.push(key);
        else keysByName.set(name, [key]);
      }
      for (const [name, keys] of keysByName) {
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
