import { describe, expect, it } from 'vitest';
import { prodRunAs } from '../../../src/core/rules/prod-run-as.js';
import { check } from '../../helpers/rule-context.js';

const production = { mode: 'production' };

describe('prod-run-as', () => {
  it('reports production jobs and pipelines that run as a person or as the deployer', async () => {
    const problems = await check(prodRunAs, {
      target: 'prod',
      config: {
        bundle: production,
        resources: {
          jobs: { nightly: { run_as: { user_name: 'alice@example.com' } } },
          pipelines: { sales: {} },
        },
      },
      locations: { 'resources.jobs.nightly.run_as': 'databricks.yml:30:9' },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'job nightly runs as the user alice@example.com in production target prod',
      'pipeline sales runs as whoever deploys it (no run_as) in production target prod',
    ]);
    expect(problems[0]?.location).toEqual({ file: 'databricks.yml', line: 30, column: 9 });
  });

  it('accepts a service principal, by name or by application id, set on the bundle or the resource', async () => {
    const problems = await check(prodRunAs, {
      config: {
        bundle: production,
        run_as: { service_principal_name: 'f0e1d2c3-0000-4000-8000-000000000001' },
        resources: {
          jobs: { a: {}, b: { run_as: { user_name: 'f0e1d2c3-0000-4000-8000-000000000002' } } },
          pipelines: { p: {} },
        },
      },
    });
    expect(problems).toEqual([]);
  });

  it('ignores targets that are not in production mode', async () => {
    const config = { resources: { jobs: { a: { run_as: { user_name: 'alice@example.com' } } } } };
    expect(await check(prodRunAs, { config })).toEqual([]);
  });
});
