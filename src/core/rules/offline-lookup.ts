import { pendingLookups } from '../bundle/lookups.js';
import type { Rule } from './rule.js';

export const offlineLookup: Rule = {
  id: 'offline-lookup',
  severity: 'warning',
  doc: {
    summary: 'A variable looked up in the workspace, which an offline check cannot resolve',
    description:
      'A variable with `lookup` (a warehouse, cluster, job, … by name) gets its value from the workspace when the Databricks CLI deploys. Offline, `dataops validate` cannot ask the workspace, so every place that uses the variable keeps `${var.<name>}` and the checks that read it (names, references) see the reference, not the id. The rule says so for each lookup the configuration uses; `dataops guard`, which is connected, resolves them. Pass the value with `--var` or `BUNDLE_VAR_<name>` to check with it offline.',
    bad: 'variables:\n  warehouse_id:\n    lookup:\n      warehouse: Shared Serverless\nresources:\n  jobs:\n    report:\n      name: report\n      tasks:\n        - task_key: refresh\n          sql_task: { warehouse_id: "${var.warehouse_id}", query: { query_id: "1" } }',
    good: 'variables:\n  warehouse_id:\n    default: 4b2f0c1d9e8a7b6c   # or BUNDLE_VAR_warehouse_id=<id> dataops validate\nresources:\n  jobs:\n    report:\n      name: report\n      tasks:\n        - task_key: refresh\n          sql_task: { warehouse_id: "${var.warehouse_id}", query: { query_id: "1" } }',
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
