import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataops, SHARED } from '../../helpers/binary.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dataops-validate-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Without the Databricks CLI the reference schema stands in for `databricks bundle schema`.
const env = {
  XDG_CACHE_HOME: path.join(root, '.cache'),
  DATAOPS_CURRENT_USER: 'alice@example.com',
  DATAOPS_CURRENT_USER_ID: '1000012345',
  DATAOPS_GIT_BRANCH: 'feature/sales',
  DATAOPS_GIT_COMMIT: '0123456789abcdef0123456789abcdef01234567',
  DATAOPS_BUNDLE_SCHEMA: path.join(SHARED, 'reference', 'databricks-bundle.schema.json'),
};

function bundle(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const DATABRICKS_YML = `bundle:
  name: sales
include:
  - resources/*.yml
targets:
  dev:
    mode: development
    default: true
    workspace:
      root_path: /Workspace/Users/\${workspace.current_user.userName}/.bundle/\${bundle.name}/\${bundle.git.branch}
    presets:
      name_prefix: "[dev \${workspace.current_user.short_name} \${bundle.git.branch}] "
  prod:
    mode: production
    workspace:
      root_path: /Workspace/Shared/.bundle/\${bundle.name}/prod
    run_as:
      service_principal_name: 6f1c1d2e-0000-4000-8000-1234567890ab
`;

const JOB = `resources:
  jobs:
    nightly:
      name: nightly
      email_notifications:
        on_failure: [data-team@example.com]
      schedule:
        quartz_cron_expression: "0 0 6 * * ?"
        timezone_id: Europe/Berlin
      tasks:
        - task_key: main
          notebook_task:
            notebook_path: ../src/nightly.py
`;

const NOTEBOOK = '# Databricks notebook source\nprint(1)\n';
const clean = bundle('clean', { 'databricks.yml': DATABRICKS_YML, 'resources/nightly.yml': JOB, 'src/nightly.py': NOTEBOOK });
const broken = bundle('broken', {
  'databricks.yml': DATABRICKS_YML,
  'resources/nightly.yml': JOB.replace('"0 0 6 * * ?"', '"0 6 * * *"').replace('name: nightly', 'name: nightly-${bundle.git_branch}'),
  'src/nightly.py': NOTEBOOK,
});

describe('dataops validate (binary)', () => {
  it('passes a clean bundle with exit 0', () => {
    const result = dataops(['validate'], { cwd: clean, env });
    expect(result.stderr + result.stdout).toContain('no problems in 2 targets (dev, prod)');
    expect(result.code).toBe(0);
  });

  it('prints findings as JSON, paths relative to the bundle root, and exits 1', () => {
    const result = dataops(['validate', '--format', 'json'], { cwd: broken, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(Object.keys(report)).toEqual(['findings', 'summary']);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, targets: ['dev', 'prod'] });
    expect(report.findings).toEqual([
      {
        rule: 'unknown-reference',
        category: 'check',
        severity: 'error',
        message: '${bundle.git_branch} does not resolve: no such field in the bundle configuration',
        target: null,
        file: 'resources/nightly.yml',
        line: 4,
        column: 13,
        hint: 'did you mean ${bundle.git.branch}?',
      },
      expect.objectContaining({ rule: 'invalid-cron', file: 'resources/nightly.yml', line: 8, column: 33, target: null }),
    ]);
  });

  it('keeps a V8 code cache beside the compiled schema validator, and a damaged one changes nothing', () => {
    const ownEnv = { ...env, XDG_CACHE_HOME: path.join(root, '.cache-code-cache') };
    // The first run compiles the validator, the second runs the compiled code and keeps V8's cache of it.
    dataops(['validate', '--format', 'json'], { cwd: broken, env: ownEnv });
    const first = dataops(['validate', '--format', 'json'], { cwd: broken, env: ownEnv });
    const schemaDir = path.join(ownEnv.XDG_CACHE_HOME, 'dataops', 'bundle-schema');
    const codeCaches = () => readdirSync(schemaDir, { recursive: true }).map(String).filter((f) => /\.cjs\.v8-/.test(f));
    expect(codeCaches()).toHaveLength(1);
    const codeCache = path.join(schemaDir, codeCaches()[0] as string);
    writeFileSync(codeCache, 'not a code cache');
    const damaged = dataops(['validate', '--format', 'json'], { cwd: broken, env: ownEnv });
    expect(damaged.code).toBe(first.code);
    expect(damaged.stdout).toBe(first.stdout);
    expect(readFileSync(codeCache, 'utf8')).not.toBe('not a code cache');
  });

  it('prints text grouped by file with a code frame', () => {
    const result = dataops(['validate', '-t', 'prod'], { cwd: broken, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('resources/nightly.yml\n');
    expect(result.stdout).toContain('    8 |         quartz_cron_expression: "0 6 * * *"\n      |                                 ^');
    expect(result.stdout).toContain('2 errors, 0 warnings in 1 target (prod)');
  });

  it('prints SARIF 2.1.0 with the rule catalog and located results', () => {
    const result = dataops(['validate', '--format', 'sarif'], { cwd: broken, env });
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string } }> } }; results: Array<Record<string, unknown>> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toContain('invalid-cron');
    expect(run?.tool.driver.rules.every((r) => r.shortDescription.text && r.help.text)).toBe(true);
    expect(run?.results[1]).toMatchObject({
      ruleId: 'invalid-cron',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'resources/nightly.yml' }, region: { startLine: 8, startColumn: 33 } } }],
    });
  });

  it('prints GitHub annotations and a step summary in GitHub Actions', () => {
    const summary = path.join(root, 'step-summary.md');
    const result = dataops(['validate'], { cwd: broken, env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error file=resources/nightly.yml,line=8,col=33,title=dataops validate%3A invalid-cron::cron expression');
    expect(readFileSync(summary, 'utf8')).toContain('| error | `invalid-cron` | resources/nightly.yml:8 |');
  });

  it('follows dataops.yml: a rule turned into a warning no longer fails the run', () => {
    const dir = bundle('relaxed', {
      'databricks.yml': DATABRICKS_YML,
      'resources/nightly.yml': JOB.replace('"0 0 6 * * ?"', '"0 6 * * *"'),
      'src/nightly.py': NOTEBOOK,
      'dataops.yml': 'validate:\n  rules:\n    invalid-cron: warning\n',
    });
    const result = dataops(['validate', '--json'], { cwd: dir, env });
    expect(JSON.parse(result.stdout).summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(result.code).toBe(0);
  });

  it('exits 2 with file:line:col for a bad setting, and for an unknown target', () => {
    const dir = bundle('bad-settings', { 'databricks.yml': DATABRICKS_YML, 'dataops.yml': 'validate:\n  rules:\n    invalid-corn: off\n' });
    const bad = dataops(['validate'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown setting "invalid-corn" in validate.rules (dataops.yml:3:5)');
    expect(bad.stderr).toContain('did you mean invalid-cron?');
    const unknown = dataops(['validate', '-t', 'staging'], { cwd: clean, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('staging: no such target. Available targets: dev, prod');
  });

  it('prints the dataops.yml schema', () => {
    const result = dataops(['schema', 'dataops.yml']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, { description: string }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['validate', 'notify', 'secrets', 'guard', 'slo', 'production']));
    expect(schema.properties.validate?.description).toContain('Default:');
  });
});
