import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/core/bundle/model.js';
import { compileBundleSchema, pruneBundleSchema, resourceTypesIn } from '../../../src/core/bundle-schema.js';
import type { SchemaValidator } from '../../../src/core/rules/rule.js';
import { schema } from '../../../src/core/rules/schema.js';
import path from 'node:path';
import { check, yamlSources } from '../../helpers/rule-context.js';
import { SHARED } from '../../helpers/binary.js';

const REFERENCE = path.join(SHARED, 'reference', 'databricks-bundle.schema.json');
let validate: SchemaValidator;

beforeAll(() => {
  const full = JSON.parse(readFileSync(REFERENCE, 'utf8')) as JsonObject;
  validate = compileBundleSchema(pruneBundleSchema(full, ['jobs', 'pipelines', 'dashboards'])).validate;
});

const job = (body: string): Record<string, string> => ({
  'resources/ingest.yml': `resources:\n  jobs:\n    ingest:\n${body}`,
});

describe('schema', () => {
  it('reports a misspelt field at its key, with the field that was meant', async () => {
    const problems = await check(schema, {
      config: {},
      schema: validate,
      sources: job('      name: ingest\n      tasks:\n        - task_key: main\n          notebok_task:\n            notebook_path: ../src/a.py\n'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('unknown field "notebok_task" in resources.jobs.ingest.tasks.0');
    expect(problems[0]?.location).toEqual({ file: 'resources/ingest.yml', line: 7, column: 11 });
    expect(problems[0]?.hint).toBe('did you mean notebook_task?');
  });

  it('reports wrong types and enum values at the value', async () => {
    const problems = await check(schema, {
      config: {},
      schema: validate,
      sources: job('      max_concurrent_runs: many\n      schedule:\n        quartz_cron_expression: "0 0 6 * * ?"\n        timezone_id: UTC\n        pause_status: STOPPED\n      tasks: main\n'),
    });
    expect(problems.map((p) => [p.message, p.location?.line])).toEqual([
      ['resources.jobs.ingest.max_concurrent_runs must be an integer, not string "many"', 4],
      ['resources.jobs.ingest.schedule.pause_status is "STOPPED", which is not one of UNPAUSED, PAUSED', 8],
      ['resources.jobs.ingest.tasks must be a list, not string "main"', 9],
    ]);
  });

  it('accepts references, values the CLI converts, partial target overrides and unknown-free files', async () => {
    const problems = await check(schema, {
      config: {},
      schema: validate,
      sources: {
        'databricks.yml': [
          'bundle:',
          '  name: sales',
          'variables:',
          '  workers:',
          '    default: 2',
          'resources:',
          '  jobs:',
          '    ingest:',
          '      name: 2024',
          '      max_concurrent_runs: "3"',
          '      job_clusters:',
          '        - job_cluster_key: main',
          '          new_cluster:',
          '            num_workers: ${var.workers}',
          '            spark_version: 15.4.x-scala2.12',
          'targets:',
          '  prod:',
          '    mode: production',
          '    resources:',
          '      jobs:',
          '        ingest:',
          '          schedule:',
          '            pause_status: UNPAUSED',
        ].join('\n'),
      },
    });
    expect(problems).toEqual([]);
  });

  it('stays silent without a schema (no Databricks CLI)', async () => {
    expect(await check(schema, { config: {}, sources: job('      bogus: 1\n') })).toEqual([]);
  });

  it('finds the resource types a bundle uses, also under targets', () => {
    const documents = yamlSources({
      'a.yml': 'resources:\n  jobs: {}\ntargets:\n  dev:\n    resources:\n      dashboards: {}\n',
      'b.yml': 'resources:\n  pipelines: {}\n',
    }).map((s) => s.data);
    expect(resourceTypesIn(documents)).toEqual(['dashboards', 'jobs', 'pipelines']);
  });
});
