import { describe, expect, it } from 'vitest';
import { at, errors, resolve } from './helpers.js';

const bundle = (extra = ''): Record<string, string> => ({
  'databricks.yml': [
    'bundle: {name: vars}',
    'variables:',
    '  warehouse: {default: from-default}',
    '  cluster: {type: complex, default: {node_type_id: m5.large, num_workers: 1}}',
    'resources:',
    '  jobs:',
    '    job:',
    '      name: ${var.warehouse}',
    '      job_clusters:',
    '        - job_cluster_key: c',
    '          new_cluster: ${var.cluster}',
    'targets:',
    '  dev:',
    extra || '    default: true',
  ].join('\n'),
});

describe('variable precedence', () => {
  it('uses the default', () => {
    expect(at(resolve(bundle()), 'resources.jobs.job.name')).toBe('from-default');
  });

  it('prefers the target default', () => {
    const r = resolve(bundle('    variables: {warehouse: from-target}'));
    expect(at(r, 'resources.jobs.job.name')).toBe('from-target');
  });

  it('prefers variable-overrides.json over the target default', () => {
    const files = { ...bundle('    variables: {warehouse: from-target}'), '.databricks/bundle/dev/variable-overrides.json': '{"warehouse": "from-file"}' };
    expect(at(resolve(files), 'resources.jobs.job.name')).toBe('from-file');
  });

  it('prefers BUNDLE_VAR_<name> over the file, and --var over everything', () => {
    const files = { ...bundle(), '.databricks/bundle/dev/variable-overrides.json': '{"warehouse": "from-file"}' };
    expect(at(resolve(files, { env: { BUNDLE_VAR_warehouse: 'from-env' } }), 'resources.jobs.job.name')).toBe('from-env');
    expect(at(resolve(files, { env: { BUNDLE_VAR_warehouse: 'from-env' }, vars: [['warehouse', 'from-flag']] }), 'resources.jobs.job.name')).toBe('from-flag');
  });

  it('substitutes complex variables as a whole', () => {
    expect(at(resolve(bundle()), 'resources.jobs.job.job_clusters[0].new_cluster')).toEqual({ node_type_id: 'm5.large', num_workers: 1 });
  });

  it('refuses a complex variable from the command line or the environment', () => {
    expect(errors(resolve(bundle(), { vars: [['cluster', 'x']] }))).toEqual(['setting variables of complex type via --var flag is not supported: cluster']);
    expect(errors(resolve(bundle(), { env: { BUNDLE_VAR_cluster: 'x' } }))).toEqual(['setting via environment variables (BUNDLE_VAR_cluster) is not supported for complex variable cluster']);
  });

  it('reports a variable without any value, and one that is not declared', () => {
    const files = { 'databricks.yml': 'bundle: {name: v}\nvariables:\n  needed:\n' };
    expect(errors(resolve(files))[0]).toMatch(/^no value assigned to required variable needed\./);
    expect(errors(resolve(bundle(), { vars: [['nope', '1']] }))).toEqual(['variable nope has not been defined']);
  });

  it('converts a string variable to the type of the field it lands in', () => {
    const files = {
      'databricks.yml': 'bundle: {name: v}\nvariables:\n  workers: {default: "3"}\nresources:\n  jobs:\n    j:\n      max_concurrent_runs: ${var.workers}\n',
    };
    expect(at(resolve(files), 'resources.jobs.j.max_concurrent_runs')).toBe(3);
  });
});

describe('interpolation', () => {
  const files = {
    'databricks.yml': [
      'bundle: {name: interp}',
      'resources:',
      '  jobs:',
      '    a:',
      '      name: ${bundle.name}-${bundle.target}-${workspace.current_user.short_name}',
      '      description: branch=${bundle.git.branch}',
      '    b:',
      '      name: runs after ${resources.jobs.a.id}',
      'targets:',
      '  dev: {}',
    ].join('\n'),
  };

  it('resolves built-ins; a missing git branch reads as empty', () => {
    const r = resolve(files);
    expect(at(r, 'resources.jobs.a.name')).toBe('interp-dev-tester');
    expect(at(r, 'resources.jobs.a.description')).toBe('branch=');
  });

  it('leaves references to deployed resources as written', () => {
    expect(at(resolve(files), 'resources.jobs.b.name')).toBe('runs after ${resources.jobs.a.id}');
  });

  it('takes the branch from git', () => {
    const r = resolve(files, { git: { branch: 'feature/x', bundleRootPath: '.' } });
    expect(at(r, 'resources.jobs.a.description')).toBe('branch=feature/x');
    expect(at(r, 'bundle.git')).toEqual({ actual_branch: 'feature/x', branch: 'feature/x', bundle_root_path: '.' });
  });

  it('reports a misspelt reference with a suggestion', () => {
    const r = resolve({ 'databricks.yml': 'bundle: {name: x}\nvariables:\n  host: {default: h}\nworkspace:\n  host: ${var.hst}\n' });
    expect(r.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ summary: 'reference does not exist: ${var.hst}', detail: 'did you mean:\n  ${var.host}' });
  });
});
