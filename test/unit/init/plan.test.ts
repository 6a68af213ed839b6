import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { nextCommands, planFiles } from '../../../src/core/init/plan.js';

const files = ['databricks.yml', 'Taskfile.yml', 'targets/prod.yml'].map((path) => ({ path, content: `# ${path}\n` }));

describe('planFiles', () => {
  it('creates every file in an empty directory', () => {
    expect(planFiles(files, new Set(), false, 'demo').map((f) => f.action)).toEqual(['create', 'create', 'create']);
  });

  it('refuses, before writing anything, when a blueprint file exists and --force is absent', () => {
    const run = () => planFiles(files, new Set(['databricks.yml', 'targets/prod.yml']), false, 'demo');
    expect(run).toThrow(UsageError);
    expect(run).toThrow('demo already has 2 files of the blueprint (databricks.yml, targets/prod.yml); nothing was written');
  });

  it('overwrites exactly the existing files with --force', () => {
    const planned = planFiles(files, new Set(['Taskfile.yml']), true, 'demo');
    expect(planned.map((f) => [f.path, f.action])).toEqual([
      ['databricks.yml', 'create'],
      ['Taskfile.yml', 'overwrite'],
      ['targets/prod.yml', 'create'],
    ]);
  });
});

describe('nextCommands', () => {
  it('gives three commands, entering the directory and starting git when needed', () => {
    expect(nextCommands('demo', false)).toEqual(['cd demo && git init -b main && dataops validate', 'task db-deploy:sandbox', 'task test:integration']);
    expect(nextCommands('.', true)).toEqual(['dataops validate', 'task db-deploy:sandbox', 'task test:integration']);
    expect(nextCommands("my project's", true)[0]).toBe(`cd 'my project'\\''s' && dataops validate`);
  });
});
