import { describe, expect, it } from 'vitest';
import { unknownReference } from '../../../src/core/rules/unknown-reference.js';
import { check } from '../../helpers/rule-context.js';

const base = {
  bundle: { name: 'sales', target: 'dev', git: { bundle_root_path: '.' } },
  workspace: { current_user: { userName: 'tester@example.com', short_name: 'tester' }, root_path: '/Workspace/x' },
  variables: { catalog: { default: 'main', value: 'main' } },
};

describe('unknown-reference', () => {
  it('reports ${bundle.git_branch} and suggests ${bundle.git.branch}, at the YAML line', async () => {
    const problems = await check(unknownReference, {
      config: {
        ...base,
        resources: { jobs: { ingest: { parameters: [{ name: 'branch', default: 'x-${bundle.git_branch}' }] } } },
      },
      locations: { 'resources.jobs.ingest.parameters[0].default': 'resources/ingest.yml:7:20' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('${bundle.git_branch} does not resolve: no such field in the bundle configuration');
    expect(problems[0]?.hint).toBe('did you mean ${bundle.git.branch}?');
    expect(problems[0]?.location).toEqual({ file: 'resources/ingest.yml', line: 7, column: 20 });
  });

  it('reports an unknown variable with the nearest declared one', async () => {
    const problems = await check(unknownReference, {
      config: { ...base, resources: { jobs: { a: { name: '${var.catalgo}_job' } } } },
    });
    expect(problems.map((p) => [p.message, p.hint])).toEqual([
      ['${var.catalgo} does not resolve: there is no variable catalgo', 'did you mean ${var.catalog}?'],
    ]);
  });

  it('reports a reference to a resource that does not exist', async () => {
    const problems = await check(unknownReference, {
      config: {
        ...base,
        resources: { jobs: { ingest: {}, report: { tasks: [{ run_job_task: { job_id: '${resources.jobs.ingset.id}' } }] } } },
      },
    });
    expect(problems.map((p) => p.hint)).toEqual(['did you mean ${resources.jobs.ingest.id}?']);
  });

  it('accepts references left for deploy time: existing resources and lookup variables', async () => {
    const problems = await check(unknownReference, {
      config: {
        ...base,
        variables: { cluster: { lookup: { cluster: 'shared' } } },
        resources: {
          jobs: {
            ingest: { existing_cluster_id: '${var.cluster}' },
            report: { tasks: [{ run_job_task: { job_id: '${resources.jobs.ingest.id}' } }], description: '{{job.id}} ${bundle.git.branch}' },
          },
        },
      },
    });
    expect(problems).toEqual([]);
  });
});
