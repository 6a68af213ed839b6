import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cleanEnv, ROOT } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

const workflows = readdirSync(path.join(ROOT, '.github', 'workflows')).map((f) => path.join('.github', 'workflows', f));

describe("the project's own workflows and Taskfile", () => {
  it('passes the real actionlint with zero findings', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    const run = spawnSync(tool('actionlint'), ['-no-color', ...workflows], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('has a Taskfile that validates against the Taskfile JSON schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, '..', 'shared', 'reference', 'taskfile.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const taskfile: unknown = parse(readFileSync(path.join(ROOT, 'Taskfile.yml'), 'utf8'));
    expect(validate(taskfile), JSON.stringify(validate.errors)).toBe(true);
  });

  it('lists every task with its description in the real task --list', () => {
    const taskfile = parse(readFileSync(path.join(ROOT, 'Taskfile.yml'), 'utf8')) as { tasks: Record<string, { desc?: string }> };
    // task colours its listing in CI (CI=true): read it as a person without colours would.
    const run = spawnSync(tool('task'), ['--list'], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(process.env), NO_COLOR: '1' } });
    expect(run.status, run.stderr).toBe(0);
    for (const [name, task] of Object.entries(taskfile.tasks)) {
      expect(task.desc, `${name} has a desc`).toBeTruthy();
      expect(run.stdout).toMatch(new RegExp(`\\* ${name.replace(/[:]/g, '\\:')}:\\s+${(task.desc ?? '').slice(0, 20).replace(/[()]/g, '\\$&')}`));
    }
  });
});
