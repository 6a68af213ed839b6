import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataops } from '../../helpers/binary.js';

const dirs: string[] = [];

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-resolve-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const env = { DATAOPS_CURRENT_USER: 'jane.doe@example.com', DATAOPS_CURRENT_USER_ID: '42' };

describe('dataops resolve', () => {
  it('prints the resolved target as JSON', () => {
    const cwd = bundle({
      'databricks.yml': 'bundle: {name: demo}\nvariables:\n  env: {default: x}\nresources:\n  jobs:\n    j: {name: "j-${var.env}"}\ntargets:\n  dev: {mode: development, default: true}\n  prod: {}\n',
    });
    const dev = dataops(['resolve', '-o', 'json'], { cwd, env });
    expect(dev.code).toBe(0);
    expect(JSON.parse(dev.stdout).resources.jobs.j.name).toBe('[dev jane_doe] j-x');
    const prod = dataops(['resolve', '-t', 'prod', '--var', 'env=p'], { cwd, env });
    expect(JSON.parse(prod.stdout).resources.jobs.j.name).toBe('j-p');
  });

  it('prints diagnostics in the CLI format and exits 1 on errors, with the JSON still on stdout', () => {
    const cwd = bundle({ 'databricks.yml': 'bundle: {name: demo}\nresources:\n  jobs:\n    j:\n      name: ${var.missing}\n' });
    const result = dataops(['resolve'], { cwd, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: reference does not exist: ${var.missing}');
    expect(JSON.parse(result.stdout).bundle.name).toBe('demo');
  });

  it('stops at malformed YAML with exit 2 and the place to fix, without a stack trace', () => {
    const cwd = bundle({ 'databricks.yml': 'bundle:\n  name: a\n resources: [\n' });
    const result = dataops(['resolve'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/databricks\.yml:3:\d+/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says where the identity and git details came from with --verbose', () => {
    const cwd = bundle({ 'databricks.yml': 'bundle: {name: demo}\n' });
    const result = dataops(['resolve', '--verbose'], { cwd, env: { ...env, DATAOPS_GIT_BRANCH: 'main' } });
    expect(result.stderr).toContain('current user from DATAOPS_CURRENT_USER');
    expect(result.stderr).toContain('git details from DATAOPS_GIT_BRANCH');
    expect(JSON.parse(result.stdout).bundle.git.branch).toBe('main');
  });

  it('serves unchanged files from its parse cache, and parses an edited file again', () => {
    const cwd = bundle({
      'databricks.yml': 'bundle: {name: cached}\ninclude: [resources/*.yml]\n',
      'resources/jobs.yml': 'resources:\n  jobs:\n    j: {name: first, tags: &t {team: data}, description: "a\\u00e9 &x"}\n    k: {name: second, tags: *t, max_concurrent_runs: 12345678901234567890}\n',
    });
    const cached = { ...env, XDG_CACHE_HOME: path.join(cwd, '.cache') };
    const uncached = dataops(['resolve', '-o', 'json', '--include-locations'], { cwd, env: { ...env, XDG_CACHE_HOME: path.join(cwd, '.other-cache') } });
    const cold = dataops(['resolve', '-o', 'json', '--include-locations'], { cwd, env: cached });
    expect(readdirSync(path.join(cwd, '.cache', 'dataops')).some((f) => f.startsWith('parsed-files-'))).toBe(true);
    const warm = dataops(['resolve', '-o', 'json', '--include-locations'], { cwd, env: cached });
    expect([cold.code, warm.code]).toEqual([0, 0]);
    expect(warm.stdout).toBe(uncached.stdout);
    expect(warm.stderr).toBe(uncached.stderr);

    writeFileSync(path.join(cwd, 'resources/jobs.yml'), 'resources:\n  jobs:\n    j: {name: edited}\n');
    const edited = JSON.parse(dataops(['resolve', '-o', 'json'], { cwd, env: cached }).stdout);
    expect(edited.resources.jobs.j.name).toBe('edited');
    expect(edited.resources.jobs.k).toBeUndefined();
  });
});
