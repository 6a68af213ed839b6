import { describe, expect, it } from 'vitest';
import { at, errors, resolve } from './helpers.js';

const NOTEBOOK = '# Databricks notebook source\nprint(1)\n';

describe('path translation', () => {
  const files = {
    'databricks.yml': 'bundle: {name: p}\ninclude: [resources/*.yml]\n',
    'resources/job.yml': [
      'resources:',
      '  jobs:',
      '    j:',
      '      tasks:',
      '        - task_key: nb',
      '          notebook_task: {notebook_path: ../src/etl.py}',
      '        - task_key: py',
      '          spark_python_task: {python_file: ../src/main.py}',
      '          libraries: [{whl: ../dist/*.whl}]',
    ].join('\n'),
    'src/etl.py': NOTEBOOK,
    'src/main.py': 'print(2)\n',
  };

  it('rewrites paths relative to their file into the deployed files folder', () => {
    const r = resolve(files);
    const root = '/Workspace/Users/tester@databricks.com/.bundle/p/default/files';
    expect(at(r, 'resources.jobs.j.tasks[0].notebook_task.notebook_path')).toBe(`${root}/src/etl`);
    expect(at(r, 'resources.jobs.j.tasks[1].spark_python_task.python_file')).toBe(`${root}/src/main.py`);
    expect(at(r, 'resources.jobs.j.tasks[1].libraries[0].whl')).toBe('dist/*.whl');
  });

  it('records each local path with where it was written', () => {
    const notebook = resolve(files).localPaths.find((p) => p.written === '../src/etl.py');
    expect(notebook).toEqual({
      path: ['resources', 'jobs', 'j', 'tasks', 0, 'notebook_task', 'notebook_path'],
      written: '../src/etl.py',
      local: 'src/etl.py',
      location: { file: 'resources/job.yml', line: 6, column: 42 },
    });
  });

  it('reports a missing notebook and a notebook used as a file', () => {
    expect(errors(resolve({ ...files, 'src/etl.py': undefined as unknown as string }))).toEqual(['notebook src/etl.py not found']);
    expect(errors(resolve({ ...files, 'src/main.py': NOTEBOOK }))[0]).toBe(
      'expected a file for "resources.jobs.j.tasks[1].spark_python_task.python_file" but got a notebook: file at /work/bundle/src/main.py is a notebook',
    );
  });
});
