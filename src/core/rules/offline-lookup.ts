import { pendingLookups } from '../bundle/lookups.js';
import type { Rule } from './rule.js';

export const offlineLookup: Rule = {
  id: 'offline-lookup',
  severity: 'warning',
  doc: {
    summary: 'A variable looked up in the workspace, which an offline check cannot resolve',
    description:
      'A variable with `lookup` (a warehouse, cluster, job, … by name) gets its value from the workspace when the Databricks CLI deploys. Offline, `dataops validate` cannot ask the workspace, so every place that uses the variable keeps `${var.<name>}` and the checks that read it (names, references) see the reference, not the id. The rule says so for each lookup the configuration uses; `dataops guard`, which is connected, resolves them. Pass the value with `--var` or `BUNDLE_VAR_<name>` to check with it offline.',
    bad: 'variables:\n  warehouse_id:\n    lookup:\n      warehouse: Shared Serverless',
    good: '# offline: BUNDLE_VAR_warehouse_id=<id> dataops validate\nvariables:\n  warehouse_id:\n    lookup:\n      warehouse: Shared Serverless',
  },
  check({ target }) {
    return pendingLookups(target)
      .filter((lookup) => lookup.referenced)
      .map((lookup) => ({
        message: `variable ${lookup.variable} is looked up in the workspace (${lookup.kind}: ${lookup.name}): offline, \${var.${lookup.variable}} stays unresolved`,
        ...(lookup.location ? { location: lookup.location } : {}),
        hint: `dataops guard resolves it against the workspace; to check with a value offline, set BUNDLE_VAR_${lookup.variable}`,
      }));
  },
};
