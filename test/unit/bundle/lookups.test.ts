import { describe, expect, it } from 'vitest';
import { pendingLookups, resolveLookups, type LookupDirectory } from '../../../src/core/bundle/lookups.js';
import { resolve } from './helpers.js';

const BUNDLE = {
  'databricks.yml': [
    'bundle: {name: lookups}',
    'variables:',
    '  warehouse_id:',
    '    lookup: {warehouse: Shared}',
    '  policy_id:',
    '    lookup: {cluster_policy: Twice}',
    '  unused:',
    '    lookup: {cluster: nowhere}',
    '  given:',
    '    lookup: {job: ignored}',
    'resources:',
    '  jobs:',
    '    j:',
    '      name: j-${var.given}',
    '      tasks:',
    '        - task_key: t',
    '          sql_task: {warehouse_id: "${var.warehouse_id}", query: {query_id: "1"}}',
    '          new_cluster: {policy_id: "${var.policy_id}"}',
    '',
  ].join('\n'),
};

/** A workspace holding objects by kind: name → ids. */
function directory(objects: Record<string, Record<string, string[]>>): LookupDirectory {
  return { idsNamed: async (kind, name) => objects[kind]?.[name] ?? [] };
}

describe('variable lookups', () => {
  it('lists the lookups still open, which of them the configuration uses, and where each is written', () => {
    const target = resolve(BUNDLE, { env: { BUNDLE_VAR_given: '7' } });
    const pending = pendingLookups(target);
    expect(pending.map((l) => [l.variable, l.kind, l.name, l.referenced])).toEqual([
      ['warehouse_id', 'warehouse', 'Shared', true],
      ['policy_id', 'cluster_policy', 'Twice', true],
      ['unused', 'cluster', 'nowhere', false],
    ]);
    expect(pending[0]?.location).toMatchObject({ file: 'databricks.yml', line: 4 });
  });

  it('gives each its id, and says in the CLI words when a name matches nothing or several objects', async () => {
    const pending = pendingLookups(resolve(BUNDLE, { env: { BUNDLE_VAR_given: '7' } }));
    const { values, errors } = await resolveLookups(pending, directory({ warehouse: { Shared: ['abc123'] }, cluster_policy: { Twice: ['p1', 'p2'] } }));
    expect(values).toEqual([['warehouse_id', 'abc123']]);
    expect(errors.map((e) => e.summary)).toEqual([
      "failed to resolve cluster_policy: Twice, err: there are 2 instances of Policy named 'Twice'",
      "failed to resolve cluster: nowhere, err: cluster named 'nowhere' does not exist",
    ]);
  });
});
