import { describe, expect, it } from 'vitest';
import { missingFile } from '../../../src/core/rules/missing-file.js';
import { check } from '../../helpers/rule-context.js';

const task = 'resources.jobs.ingest.tasks[0]';

describe('missing-file', () => {
  it('reports a notebook that does not exist, where its path was written', async () => {
    const problems = await check(missingFile, {
      config: {},
      localPaths: { [`${task}.notebook_task.notebook_path`]: ['src/ingest.py', 'resources/src/ingest.py'] },
      locations: { [`${task}.notebook_task.notebook_path`]: 'resources/ingest.yml:9:28' },
      bundleFiles: { 'src/ingest.py': 'print(1)' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('notebook resources/src/ingest.py does not exist (written as src/ingest.py)');
    expect(problems[0]?.location).toEqual({ file: 'resources/ingest.yml', line: 9, column: 28 });
  });

  it('finds notebooks written without extension, directories, and globs that match', async () => {
    const problems = await check(missingFile, {
      config: {},
      localPaths: {
        [`${task}.notebook_task.notebook_path`]: ['../src/ingest', 'src/ingest'],
        [`${task}.dbt_task.project_directory`]: ['../dbt', 'dbt'],
        'resources.pipelines.p.libraries[0].glob.include': ['../src/pipeline/**', 'src/pipeline/**'],
        [`${task}.libraries[0].whl`]: ['../dist/*.whl', 'dist/*.whl'],
        'resources.dashboards.d.file_path': ['../src/sales.lvdash.json', 'src/sales.lvdash.json'],
        'resources.jobs.remote.tasks[0].notebook_task.notebook_path': ['/Workspace/Shared/x', null],
      },
      bundleFiles: {
        'src/ingest.py': '',
        'dbt/dbt_project.yml': '',
        'src/pipeline/a/b.sql': '',
        'dist/sales-0.1-py3-none-any.whl': '',
        'src/sales.lvdash.json': '{}',
      },
    });
    expect(problems).toEqual([]);
  });

  it('reports a missing wheel, a missing SQL file and a missing dashboard', async () => {
    const problems = await check(missingFile, {
      config: {},
      localPaths: {
        [`${task}.libraries[0].whl`]: ['../lib/sales.whl', 'lib/sales.whl'],
        [`${task}.sql_task.file.path`]: ['../src/q.sql', 'src/q.sql'],
        'resources.dashboards.d.file_path': ['../src/sales.lvdash.json', 'src/sales.lvdash.json'],
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'wheel lib/sales.whl does not exist (written as ../lib/sales.whl)',
      'SQL file src/q.sql does not exist (written as ../src/q.sql)',
      'dashboard file src/sales.lvdash.json does not exist (written as ../src/sales.lvdash.json)',
    ]);
  });

  it('leaves wheels to the artifact build when the bundle builds artifacts', async () => {
    const problems = await check(missingFile, {
      config: { artifacts: { default: { type: 'whl', build: 'uv build --wheel' } } },
      localPaths: { [`${task}.libraries[0].whl`]: ['../dist/*.whl', 'dist/*.whl'] },
    });
    expect(problems).toEqual([]);
  });

  it('leaves wheels in dist/ to the step that builds or downloads them, in any field that names one', async () => {
    const problems = await check(missingFile, {
      config: {},
      localPaths: {
        [`${task}.libraries[0].whl`]: ['../dist/cowsay-6.1-*.whl', 'dist/cowsay-6.1-*.whl'],
        'resources.jobs.j.environments[0].spec.dependencies[0]': ['../dist/*.whl', 'dist/*.whl'],
      },
    });
    expect(problems).toEqual([]);
  });

  it('takes an artifact path for the directory it is, the bundle root included', async () => {
    const problems = await check(missingFile, {
      config: {},
      localPaths: {
        'artifacts.wheel.path': ['./my_wheel', 'my_wheel'],
        'artifacts.root.path': ['.', '.'],
        'artifacts.gone.path': ['./nowhere', 'nowhere'],
      },
      bundleFiles: { 'my_wheel/setup.py': '' },
    });
    expect(problems.map((p) => p.message)).toEqual(['file nowhere does not exist (written as ./nowhere)']);
  });
});
