import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../../src/core/rules/duplicate-key.js';
import { check } from '../../helpers/rule-context.js';

const config = { resources: {} };

describe('duplicate-key', () => {
  it('reports the same key defined as a job in one file and a pipeline in another', async () => {
    const problems = await check(duplicateKey, {
      config,
      sources: {
        'databricks.yml': 'bundle:\n  name: b\ninclude:\n  - resources/*.yml\n',
        'resources/ingest.yml': 'resources:\n  jobs:\n    sales:\n      name: sales-ingest\n',
        'resources/report.yml': 'resources:\n  pipelines:\n    sales:\n      name: sales-report\n',
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe(
      'resource key "sales" is defined again: as a pipeline here and as a job at resources/ingest.yml:3:5',
    );
    expect(problems[0]?.location).toEqual({ file: 'resources/report.yml', line: 3, column: 5 });
  });

  it('reports the same job key in two files', async () => {
    const problems = await check(duplicateKey, {
      config,
      sources: {
        'a.yml': 'resources:\n  jobs:\n    sales: {}\n',
        'b.yml': 'resources:\n  jobs:\n    other: {}\n    sales: {}\n',
      },
    });
    expect(problems.map((p) => p.location)).toEqual([{ file: 'b.yml', line: 4, column: 5 }]);
  });

  it('reports a target that redefines a key as another type, but not its overrides', async () => {
    const problems = await check(duplicateKey, {
      target: 'prod',
      config,
      sources: {
        'databricks.yml': [
          'resources:',
          '  jobs:',
          '    sales: {}',
          'targets:',
          '  prod:',
          '    resources:',
          '      jobs:',
          '        sales: { max_concurrent_runs: 2 }',
          '      dashboards:',
          '        sales: {}',
          '  dev:',
          '    resources:',
          '      pipelines:',
          '        sales: {}',
        ].join('\n'),
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('as a dashboard here and as a job at databricks.yml:3:5');
    expect(problems[0]?.location).toEqual({ file: 'databricks.yml', line: 10, column: 9 });
  });

  it('accepts distinct keys', async () => {
    const problems = await check(duplicateKey, {
      config,
      sources: { 'a.yml': 'resources:\n  jobs:\n    a: {}\n  pipelines:\n    b: {}\n' },
    });
    expect(problems).toEqual([]);
  });
});
