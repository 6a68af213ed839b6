/**
 * Python-defined resources through the built binary, with the real databricks-bundles package
 * of the test tools: found by validate with their Python file and line, and a bundle whose
 * Python cannot run is an error that says what to install, never an empty resource list.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataops, ROOT } from '../../helpers/binary.js';
import { python } from '../../helpers/tools.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-python-'));
const env = { DATAOPS_CURRENT_USER: 'jane.doe@example.com', XDG_CACHE_HOME: path.join(work, 'cache') };

afterAll(() => rmSync(work, { recursive: true, force: true }));

function bundle(name: string, venv: string | null): string {
  const dir = path.join(work, name);
  cpSync(path.join(ROOT, 'test', 'fixtures', 'differential', 'python-resources'), dir, { recursive: true });
  if (venv) symlinkSync(venv, path.join(dir, '.venv'));
  return dir;
}

interface Finding {
  rule: string;
  severity: string;
  message: string;
  file: string | null;
  line: number | null;
  hint: string | null;
}

describe('Python-defined resources', () => {
  it('lists them in resolve and points validate at the Python file that defines them', () => {
    const dir = bundle('ok', path.dirname(path.dirname(python())));
    const resolved = dataops(['resolve', '-t', 'dev'], { cwd: dir, env });
    expect(resolved.code, resolved.stderr).toBe(0);
    const jobs = (JSON.parse(resolved.stdout) as { resources: { jobs: Record<string, { name: string; tags: Record<string, string> }> } }).resources.jobs;
    expect(jobs.py_job?.name).toBe('[dev jane_doe] py-job-data');
    // The mutator runs on YAML and Python resources alike.
    expect([jobs.py_job?.tags.owner, jobs.yaml_job?.tags.owner]).toEqual(['python', 'python']);

    const report = JSON.parse(dataops(['validate', '--format', 'json', '-t', 'prod'], { cwd: dir, env }).stdout) as { findings: Finding[] };
    const notification = report.findings.find((f) => f.rule === 'missing-failure-notification' && f.message.startsWith('job py_job'));
    const source = readFileSync(path.join(dir, 'resources', '__init__.py'), 'utf8').split('\n');
    expect(notification?.file).toBe('resources/__init__.py');
    expect(source[(notification?.line ?? 0) - 1]).toContain('resources.add_job(');
  });

  it('reports a missing virtualenv as a finding in every format, at the python section, and exits 1', () => {
    const dir = bundle('no-venv', null);
    for (const format of ['json', 'sarif', 'text']) {
      const result = dataops(['validate', '--format', format], { cwd: dir, env });
      expect(result.code, `${format}: ${result.stderr}`).toBe(1);
      expect(result.stdout).toContain('failed to get Python interpreter path');
      expect(result.stdout).toContain('databricks-bundles');
    }
    const report = JSON.parse(dataops(['validate', '--format', 'json'], { cwd: dir, env }).stdout) as { findings: Finding[] };
    const errors = report.findings.filter((f) => f.rule === 'bundle');
    expect(errors.map((f) => [f.file, f.line])).toEqual([['databricks.yml', 6]]); // venv_path, the first line of the section
  });

  it('says to install databricks-bundles when the virtualenv lacks it, and resolve fails', () => {
    const venv = path.join(work, 'bare-venv');
    const created = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const dir = bundle('bare', venv);
    const result = dataops(['resolve', '-t', 'dev'], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Explanation: 'databricks-bundles' library is not installed in the Python environment.");
    const report = JSON.parse(dataops(['validate', '--format', 'json', '-t', 'dev'], { cwd: dir, env }).stdout) as { findings: Finding[] };
    expect(report.findings.find((f) => f.rule === 'bundle')?.message).toBe('python mutator process failed: "exit status 1", use --debug to enable logging');
  });
});
