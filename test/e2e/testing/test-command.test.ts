import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { python } from '../../helpers/tools.js';
import { LocalDeployment } from './local-deployment.js';

interface Summary {
  layer: string;
  target: string | null;
  outcome: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ id: string; message: string; location?: { file: string; line?: number } }>;
}

interface JUnitSuite {
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: Array<{ classname: string; name: string; time: string }>;
}

/** The JUnit file pytest wrote, checked for well-formed XML and counts that add up. */
function junit(file: string): JUnitSuite {
  const xml = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, _p, _l, attr) => !attr && name === 'testcase' }).parse(xml) as {
    testsuites: { testsuite: JUnitSuite };
  };
  const suite = parsed.testsuites.testsuite;
  expect(suite.testcase?.length ?? 0).toBe(Number(suite.tests));
  for (const testcase of suite.testcase ?? []) expect(Number(testcase.time)).toBeGreaterThanOrEqual(0);
  return suite;
}

describe('dataops test (the built binary, real pytest, a deployment on dataops local made by the real CLI)', () => {
  const project = new LocalDeployment('project');
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => dataopsAsync(['test', ...args], { cwd: project.project, env: { ...project.env, ...env } });

  beforeAll(() => {
    symlinkSync(path.dirname(path.dirname(python())), path.join(project.project, '.venv'));
    project.up();
    project.deploy();
  });
  afterAll(() => project.remove());

  it('runs the unit layer from the project .venv: JUnit in reports/unit.xml, the summary table on stderr', async () => {
    const result = await run(['unit']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^unit\s+2\s+0\s+0\s+1\s+\S+s$/m);
    expect(result.stderr).toContain('unit: 2 passed, 0 failed, 1 skipped');
    expect(junit(path.join(project.project, 'reports', 'unit.xml'))).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
  });

  it('passes arguments after -- to pytest', async () => {
    const result = await run(['unit', '--json', '--', '-k', 'adds_prices']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ passed: 1, skipped: 0, outcome: 'passed' });
  });

  it('gives integration tests the target, host and bundle summary; a failing test fails the layer with its place', async () => {
    const summaryFile = path.join(project.work, 'step-summary.md');
    const result = await run(['integration', '--json'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile });
    expect(result.code, result.stderr).toBe(1);
    const summary = JSON.parse(result.stdout) as Summary;
    // The passing test found the job by its resource key through DATAOPS_BUNDLE_SUMMARY and asked the workspace for it.
    expect(summary).toMatchObject({ layer: 'integration', target: 'dev', outcome: 'failed', passed: 1, failed: 1 });
    const failure = summary.failures[0];
    expect(failure?.id).toBe('tests.integration.test_deployment::test_the_job_mails_on_failure');
    expect(failure?.message).toContain('nightly_sales sends no mail when it fails');
    expect(failure?.location?.file).toBe('tests/integration/test_deployment.py');
    const line = failure?.location?.line ?? 0;
    expect(readFileSync(path.join(project.project, 'tests/integration/test_deployment.py'), 'utf8').split('\n')[line - 1]).toContain('assert on_failure');
    expect(result.stderr).toContain(`::error file=tests/integration/test_deployment.py,line=${line},title=failed%3A tests.integration.test_deployment%3A%3Atest_the_job_mails_on_failure::`);
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('### ❌ dataops test integration (target `dev`)');
    expect(markdown).toContain('| 1 | 1 | 0 | 0 |');
    const bundleSummary = JSON.parse(readFileSync(path.join(project.project, 'reports', 'integration.bundle-summary.json'), 'utf8')) as { resources: { jobs: Record<string, { id: string }> } };
    expect(bundleSummary.resources.jobs.nightly_sales?.id).toMatch(/^\d+$/);
    expect(readFileSync(path.join(project.project, 'reports', 'integration.bundle-summary.json'), 'utf8')).not.toContain(project.env.DATABRICKS_TOKEN ?? '<none>');
    expect(junit(path.join(project.project, 'reports', 'integration.xml'))).toMatchObject({ tests: '2', failures: '1' });
  });

  it('reports a layer without tests as a gap (exit 1) unless --allow-empty', async () => {
    const empty = await run(['nonfunctional']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('error: nonfunctional: no tests collected in tests/nonfunctional/ (a layer without tests is a gap, not a pass)');
    expect(empty.stderr).toContain('--allow-empty');
    const allowed = await run(['nonfunctional', '--allow-empty']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(junit(path.join(project.project, 'reports', 'nonfunctional.xml'))).toMatchObject({ tests: '0' });
  });

  it('reports a missing tests/<layer>/ directory the same way, without asking the workspace', async () => {
    const result = await dataopsAsync(['test', 'unit'], { cwd: project.work, env: { PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unit: no tests collected in tests/unit/');
  });

  it('finds python3 on PATH when the project has no .venv, and says when pytest is missing', async () => {
    rmSync(path.join(project.project, '.venv'));
    try {
      const onPath = await run(['unit'], { PATH: `${path.dirname(python())}${path.delimiter}${process.env.PATH ?? ''}` });
      expect(onPath.code, onPath.stderr).toBe(0);

      const bare = path.join(project.work, 'bare-venv');
      const made = spawnSync(python(), ['-m', 'venv', '--without-pip', bare], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      const noPytest = await run(['unit'], { PATH: `${path.join(bare, 'bin')}${path.delimiter}/usr/bin:/bin` });
      expect(noPytest.code).toBe(2);
      expect(noPytest.stderr).toContain(`pytest is not installed for ${path.join(bare, 'bin', 'python3')}`);
    } finally {
      symlinkSync(path.dirname(path.dirname(python())), path.join(project.project, '.venv'));
    }
  });

  it('turns pytest usage errors into exit 2', async () => {
    const result = await run(['unit', '--', '--no-such-pytest-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pytest refused its arguments');
  });

  it('reports collection errors as failures with the module as place', async () => {
    writeFileSync(path.join(project.project, 'tests', 'unit', 'test_broken.py'), 'import module_that_does_not_exist\n');
    try {
      const result = await run(['unit', '--json']);
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout) as Summary & { errors: number };
      expect(summary.errors).toBe(1);
      expect(summary.failures[0]?.location).toEqual({ file: 'tests/unit/test_broken.py', line: 1 });
    } finally {
      rmSync(path.join(project.project, 'tests', 'unit', 'test_broken.py'));
    }
  });

});
