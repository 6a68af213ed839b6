import { describe, expect, it } from 'vitest';
import { duplicateName } from '../../../src/core/rules/duplicate-name.js';
import { check } from '../../helpers/rule-context.js';

describe('duplicate-name', () => {
  it('reports a second job with the same final name, at its name', async () => {
    const problems = await check(duplicateName, {
      config: {
        resources: {
          jobs: {
            ingest: { name: '[dev tester] daily-sales' },
            report: { name: '[dev tester] daily-sales' },
            other: { name: '[dev tester] other' },
          },
        },
      },
      locations: {
        'resources.jobs.ingest.name': 'resources/a.yml:4:13',
        'resources.jobs.report.name': 'resources/b.yml:4:13',
      },
      sources: {
        'resources/a.yml': 'resources:\n  jobs:\n    ingest:\n      name: daily-sales\n    other:\n      name: other\n',
        'resources/b.yml': 'resources:\n  jobs:\n    report:\n      name: daily-sales\n',
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('jobs ingest and report are both named "[dev tester] daily-sales"');
    expect(problems[0]?.location).toEqual({ file: 'resources/b.yml', line: 4, column: 13 });
    expect(problems[0]?.hint).toContain('ingest (resources/a.yml:4:13)');
  });

  it('compares pipelines by name and dashboards by display name, each type on its own', async () => {
    const problems = await check(duplicateName, {
      config: {
        resources: {
          jobs: { sales: { name: 'sales' } },
          pipelines: { sales: { name: 'sales' }, sales2: { name: 'sales' } },
          dashboards: { a: { display_name: 'Sales' }, b: { display_name: 'Sales' } },
        },
      },
      sources: {
        'databricks.yml': [
          'resources:',
          '  jobs: { sales: { name: sales } }',
          '  pipelines: { sales: { name: sales }, sales2: { name: sales } }',
          '  dashboards: { a: { display_name: Sales }, b: { display_name: Sales } }',
        ].join('\n'),
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'pipelines sales and sales2 are both named "sales"',
      'dashboards a and b are both named "Sales"',
    ]);
  });

  it('accepts distinct names, and names nobody wrote (the CLI calls every unnamed job Untitled)', async () => {
    const distinct = await check(duplicateName, {
      config: { resources: { jobs: { a: { name: 'a' }, b: { name: 'b' } } } },
      sources: { 'databricks.yml': 'resources:\n  jobs:\n    a: { name: a }\n    b: { name: b }\n' },
    });
    expect(distinct).toEqual([]);
    const unnamed = await check(duplicateName, {
      target: 'prod',
      config: { resources: { jobs: { a: { name: 'Untitled' }, b: { name: 'Untitled' }, c: { name: 'c' }, d: { name: 'c' } } } },
      sources: { 'databricks.yml': 'resources:\n  jobs:\n    a: {}\n    b: {}\n    c: {}\n    d: {}\ntargets:\n  prod:\n    resources:\n      jobs:\n        c: { name: c }\n        d: { name: c }\n' },
    });
    expect(unnamed.map((p) => p.message)).toEqual(['jobs c and d are both named "c"']);
  });
});
