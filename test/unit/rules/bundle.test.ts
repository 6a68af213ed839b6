import { describe, expect, it } from 'vitest';
import { bundle } from '../../../src/core/rules/bundle.js';
import { ruleContext } from '../../helpers/rule-context.js';

describe('bundle', () => {
  it('reports the errors the resolver found, at their place, but not warnings or what other rules cover', async () => {
    const context = ruleContext({ config: {} });
    context.target.diagnostics.push(
      { severity: 'error', summary: 'variable warehouse_id has not been defined', locations: [{ file: 'databricks.yml', line: 9, column: 21 }], paths: [] },
      { severity: 'error', summary: 'multiple resources or scripts have been defined with the same key: sales', locations: [], paths: [] },
      { severity: 'warning', summary: 'required field "task_key" is not set', locations: [], paths: [] },
    );
    expect(await bundle.check(context)).toEqual([
      { message: 'variable warehouse_id has not been defined', location: { file: 'databricks.yml', line: 9, column: 21 } },
    ]);
  });
});
