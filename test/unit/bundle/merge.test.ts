import { describe, expect, it } from 'vitest';
import { Dyn } from '../../../src/core/bundle/dyn/value.js';
import { merge, mergeElementsByKey } from '../../../src/core/bundle/dyn/merge.js';
import { loadYaml } from '../../../src/core/bundle/dyn/yaml.js';
import { at, resolve } from './helpers.js';

describe('merge', () => {
  it('deep-merges maps, concatenates lists and lets the later scalar win', () => {
    const a = loadYaml('a.yml', 'x: {a: 1, keep: true}\nlist: [1]\ns: old\n');
    const b = loadYaml('b.yml', 'x: {a: 2, added: yes}\nlist: [2]\ns: new\n');
    expect(merge(a, b).toJS()).toEqual({ x: { a: 2, keep: true, added: 'yes' }, list: [1, 2], s: 'new' });
  });

  it('keeps the winning location first and the overridden one after it', () => {
    const merged = merge(loadYaml('a.yml', 's: old\n'), loadYaml('b.yml', '\ns: new\n'));
    expect(merged.get('s')?.locs).toEqual([
      { file: 'b.yml', line: 2, column: 4 },
      { file: 'a.yml', line: 1, column: 4 },
    ]);
  });

  it('merges keyed list elements in place; tasks are ordered by key', () => {
    const tasks = loadYaml('t.yml', '- {task_key: b, x: 1}\n- {task_key: a}\n- {task_key: b, y: 2}\n');
    expect(mergeElementsByKey(tasks, 'task_key', { sort: true }).toJS()).toEqual([{ task_key: 'a' }, { task_key: 'b', x: 1, y: 2 }]);
  });

  it('refuses to merge a map with a scalar', () => {
    expect(() => merge(loadYaml('a.yml', 'x: {a: 1}'), loadYaml('b.yml', 'x: 1'))).toThrow('cannot merge map with int');
  });
});

describe('target overrides', () => {
  const files = {
    'databricks.yml': [
      'bundle: {name: b}',
      'run_as: {user_name: a@example.com}',
      'resources:',
      '  jobs:',
      '    job:',
      '      name: job',
      '      tasks:',
      '        - task_key: t1',
      '          notebook_task: {notebook_path: /Workspace/nb}',
      '      job_clusters:',
      '        - job_cluster_key: c',
      '          new_cluster: {spark_version: "15.4", num_workers: 1}',
      'targets:',
      '  prod:',
      '    run_as: {service_principal_name: sp}',
      '    cluster_id: abc',
      '    resources:',
      '      jobs:',
      '        job:',
      '          job_clusters:',
      '            - job_cluster_key: c',
      '              new_cluster: {num_workers: 8}',
    ].join('\n'),
  };

  it('replaces run_as, sets cluster_id and merges resources by key', () => {
    const r = resolve(files, { target: 'prod' });
    expect(at(r, 'run_as')).toEqual({ service_principal_name: 'sp' });
    expect(at(r, 'bundle.cluster_id')).toBe('abc');
    expect(at(r, 'resources.jobs.job.job_clusters')).toEqual([{ job_cluster_key: 'c', new_cluster: { spark_version: '15.4', num_workers: 8 } }]);
  });

  it('points at the definition that won', () => {
    const r = resolve(files, { target: 'prod' });
    expect(r.locate(['resources', 'jobs', 'job', 'job_clusters', 0, 'new_cluster', 'num_workers'])).toEqual({ file: 'databricks.yml', line: 22, column: 42 });
  });

  it('is a Dyn merge, not a copy: the original tree is unchanged', () => {
    const a = Dyn.from({ x: { y: 1 } });
    merge(a, Dyn.from({ x: { z: 2 } }));
    expect(a.toJS()).toEqual({ x: { y: 1 } });
  });
});
