import { describe, expect, it } from 'vitest';
import { resolve } from './helpers.js';

const BUNDLE = {
  'databricks.yml': `bundle:
  name: tf
resources:
  jobs:
    foo:
      name: foo
      tags:
        url: \${resources.jobs.foo.url}
        id: \${resources.jobs.foo.id}
    bar:
      name: bar
      tasks:
        - task_key: t
          notebook_task: {notebook_path: /Shared/x, base_parameters: {u: "\${resources.jobs.foo.url}"}}
targets:
  one: {default: true}
  two: {}
`,
};

const warnings = (target: string) =>
  resolve(BUNDLE, { target })
    .diagnostics.filter((d) => d.summary.includes('Terraform-only'))
    .map((d) => [d.summary, d.locations.map((l) => `${l.line}:${l.column}`)]);

describe('references to Terraform-only fields', () => {
  it('warns for each one, in the order they are written, in every target', () => {
    const expected = [
      ['"resources.jobs.foo.url": Terraform-only field; this reference will not work with the direct engine', ['8:14']],
      ['"resources.jobs.foo.url": Terraform-only field; this reference will not work with the direct engine', ['14:74']],
    ];
    expect(warnings('one')).toEqual(expected);
    // The second target shares most of its tree with the first: it is still checked.
    expect(warnings('two')).toEqual(expected);
  });
});
