import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { ROOT } from '../../helpers/binary.js';

/** The seed's §2 layout, as the blueprint fills it in (the `scripts/` of the seed are dataops commands now). */
const LAYOUT = [
  '.github/workflows/chatops.yml',
  '.github/workflows/drift.yml',
  '.github/workflows/heartbeat.yml',
  '.github/workflows/lint.yml',
  '.github/workflows/plan-fork.yml',
  '.github/workflows/production.yml',
  '.github/workflows/release-please.yml',
  '.github/workflows/staging.yml',
  '.gitignore',
  '.release-please-manifest.json',
  'Taskfile.yml',
  'databricks.yml',
  'release-please-config.json',
  'requirements-dev.txt',
  'resources/dashboards.yml',
  'resources/jobs.yml',
  'resources/pipelines.yml',
  'src/dashboards/daily_sales.lvdash.json',
  'src/notebooks/ingest_sales.py',
  'src/pipelines/sales_pipeline.py',
  'src/sql/check_daily_sales.sql',
  'src/sql/daily_sales_by_day.sql',
  'targets/prod.yml',
  'targets/sandbox.yml',
  'targets/staging.yml',
  'tests/conftest.py',
  'tests/integration/test_deployment.py',
  'tests/nonfunctional/test_slo.py',
  'tests/unit/test_bundle.py',
];

const yamlOf = (file: string): unknown => parse(BLUEPRINT_TEMPLATES[file] ?? '');

describe('the embedded blueprint', () => {
  it('is the module generated from src/blueprint/files and the Taskfile, not an older copy', () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-blueprint-files.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it("holds exactly the seed's layout (dataops.yml is written from the settings schema)", () => {
    expect(Object.keys(BLUEPRINT_TEMPLATES)).toEqual(LAYOUT);
  });

  it('pins every action of every workflow to an exact version tag, and dataops itself through its version input', () => {
    const uses = Object.entries(BLUEPRINT_TEMPLATES)
      .filter(([file]) => file.startsWith('.github/workflows/'))
      .flatMap(([file, text]) => [...text.matchAll(/^\s*(?:-\s+)?uses:\s+(\S+)(?:\n\s+with:\n\s+version: "(\S+)")?/gm)].map((m): [string, string, string | undefined] => [file, m[1] ?? '', m[2]]));
    expect(uses.length).toBeGreaterThan(10);
    const own = uses.filter(([, ref]) => ref === '__DATAOPS_ACTION__');
    expect(own.length).toBeGreaterThanOrEqual(6);
    expect(own.filter(([, , version]) => version !== '__DATAOPS_RELEASE__')).toEqual([]);
    const loose = uses.filter(([, ref]) => ref !== '__DATAOPS_ACTION__' && !ref.startsWith('./') && !/@v\d+\.\d+\.\d+$/.test(ref));
    expect(loose).toEqual([]);
    const workflows = Object.entries(BLUEPRINT_TEMPLATES).filter(([file]) => file.startsWith('.github/workflows/'));
    expect(workflows.filter(([, text]) => text.includes('install.sh | sh')).map(([file]) => file)).toEqual([]);
  });

  it('never writes a secret into a command line: secrets reach commands only through env', () => {
    const inRun = Object.entries(BLUEPRINT_TEMPLATES)
      .filter(([file]) => file.startsWith('.github/workflows/'))
      .flatMap(([file, text]) => text.split('\n').filter((line) => /run: .*secrets\./.test(line)).map((line) => `${file}: ${line.trim()}`));
    expect(inRun).toEqual([]);
  });

  it('uses ${bundle.git.branch}, never the seed\'s ${bundle.git_branch}, and AI/BI dashboards, never legacy ones', () => {
    const all = Object.values(BLUEPRINT_TEMPLATES).join('\n');
    expect(all).not.toContain('bundle.git_branch');
    expect(all).not.toMatch(/\bws\.dashboards\.\w+\(/);
    expect(BLUEPRINT_TEMPLATES['tests/integration/test_deployment.py']).toContain('ws.lakeview.get(');
  });

  it('keeps each environment apart: sandbox per user and branch, production as a service principal', () => {
    const sandbox = (yamlOf('targets/sandbox.yml') as { targets: { sandbox: Record<string, unknown> } }).targets.sandbox;
    expect(sandbox).toMatchObject({ mode: 'development', default: true, presets: { name_prefix: '[dev ${var.namespace}] ' } });
    const variables = (yamlOf('databricks.yml') as { variables: Record<string, { default?: string; description?: string }> }).variables;
    expect(variables.namespace?.default).toBe('${workspace.current_user.short_name}_${bundle.git.branch}');
    expect(Object.entries(variables).filter(([, v]) => !v.description)).toEqual([]);
    const prod = (yamlOf('targets/prod.yml') as { targets: { prod: Record<string, unknown> } }).targets.prod;
    expect(prod).toMatchObject({ mode: 'production', run_as: { service_principal_name: '${var.service_principal}' } });
  });

  it('bumps the bundle version where databricks.yml records it', () => {
    const config = JSON.parse(BLUEPRINT_TEMPLATES['release-please-config.json'] ?? '{}') as { 'release-type': string; packages: Record<string, { 'extra-files': unknown[] }> };
    expect(config['release-type']).toBe('simple');
    expect(config.packages['.']?.['extra-files']).toEqual([{ type: 'generic', path: 'databricks.yml' }]);
    expect(BLUEPRINT_TEMPLATES['databricks.yml']).toMatch(/default: 0\.0\.0 # x-release-please-version\n/);
    expect(JSON.parse(BLUEPRINT_TEMPLATES['.release-please-manifest.json'] ?? '{}')).toEqual({ '.': '0.0.0' });
  });
});
