import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { assessCliVersion } from '../../../src/core/cli-versions.js';
import { cliVersionStep } from '../../../src/core/deploy/cli-version-step.js';
import { extractVersion } from '../../../src/core/doctor.js';
import { BLUEPRINT_PINS, DATAOPS_PIN_TOKEN } from '../../../src/core/pins.js';
import { tool } from '../../helpers/tools.js';

describe('the Databricks CLI versions dataops knows', () => {
  it('names what a known version means for the engine and the state', () => {
    expect(assessCliVersion('1.12.1')).toEqual({ status: 'known', version: '1.12.1', facts: ['since 1.3: the direct deployment engine is the default (state in resources.json)'] });
    const later = assessCliVersion('1.23.4');
    expect(later.status).toBe('known');
    expect(later.facts.join('\n')).toMatch(/since 1\.17: the direct state format is version 3[\s\S]*since 1\.19: the Terraform engine is deprecated[\s\S]*since 1\.20: the Terraform engine is removed[\s\S]*since 1\.23: server-side deployment history is in Beta/);
  });

  it('says an older CLI must be upgraded, to the blueprint’s pin, with the exact commands', () => {
    const older = assessCliVersion('1.2.0');
    expect(older.status).toBe('older');
    expect(older.advice).toBe(
      'Databricks CLI 1.2.0 is older than the versions this dataops knows (1.3.0 – 1.23.x): upgrade to 1.12.1, the blueprint’s pin (in workflows use databricks/setup-cli@v1.12.1; on a machine: curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/v1.12.1/install.sh | sh)',
    );
    expect(assessCliVersion('0.270.0').status).toBe('older');
  });

  it('says a newer CLI may have changed the state, and how to pin it or what to upgrade', () => {
    const newer = assessCliVersion('1.24.0');
    expect(newer.status).toBe('newer');
    expect(newer.advice).toContain('newer than the versions this dataops knows (1.3.0 – 1.23.x): its state format may have changed under dataops guard and drift');
    expect(newer.advice).toContain('Pin the CLI to 1.23.x or to the blueprint’s 1.12.1 (in workflows use databricks/setup-cli@v1.12.1');
    expect(newer.advice).toContain('upgrade dataops to a release that knows 1.24');
    expect(assessCliVersion('2.0.0').status).toBe('newer');
  });

  it('does not judge a development build, and names an unreadable version', () => {
    expect(assessCliVersion('0.0.0-dev+abc')).toEqual({ status: 'development', version: '0.0.0-dev+abc', facts: ['a development build: its version is not checked'] });
    expect(assessCliVersion(null)).toMatchObject({ status: 'unreadable', advice: expect.stringContaining('setup-cli@v1.12.1') });
  });

  it('accepts the real CLI the tests run (the oracle)', () => {
    const line = spawnSync(tool('databricks'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(assessCliVersion(extractVersion(line))).toMatchObject({ status: expect.stringMatching(/^(known|development)$/) });
  });
});

describe('the blueprint’s pinned versions', () => {
  const workflows = Object.entries(BLUEPRINT_TEMPLATES).filter(([file]) => file.startsWith('.github/workflows/'));
  const all = (pattern: RegExp) => workflows.flatMap(([file, text]) => [...text.matchAll(pattern)].map((m): [string, string] => [file, m[1] ?? '']));

  it('are exactly what every workflow says: actions, Python, dataops', () => {
    const uses = all(/^\s*(?:-\s+)?uses:\s+(\S+)/gm).filter(([, ref]) => !ref.startsWith('./'));
    expect(uses.length).toBeGreaterThan(10);
    const pins: Record<string, string> = BLUEPRINT_PINS.actions;
    expect(uses.filter(([, ref]) => pins[ref.split('@')[0] ?? ''] !== ref.split('@')[1])).toEqual([]);
    // Every pin is used somewhere: no stale entry.
    expect(Object.keys(pins).filter((action) => !uses.some(([, ref]) => ref.startsWith(`${action}@`)))).toEqual([]);
    const pythons = all(/python-version:\s*"?([\d.]+)"?/g);
    expect(pythons.length).toBeGreaterThan(0);
    expect(pythons.filter(([, v]) => v !== BLUEPRINT_PINS.python)).toEqual([]);
    // dataops is pinned once per install, through its action's version input; a second pin could disagree.
    const dataops = all(/uses: __DATAOPS_ACTION__\n\s+with:\n\s+version:\s*"?([^"\n]+)"?/g);
    expect(dataops.length).toBe(all(/uses: (__DATAOPS_ACTION__)/g).length);
    expect(dataops.filter(([, v]) => v !== DATAOPS_PIN_TOKEN)).toEqual([]);
    expect(all(/(DATAOPS_VERSION):/g)).toEqual([]);
  });

  it('include a Databricks CLI that doctor accepts, and setup-cli installs that one', () => {
    expect(assessCliVersion(BLUEPRINT_PINS.databricksCli).status).toBe('known');
    expect(BLUEPRINT_PINS.actions['databricks/setup-cli']).toBe(`v${BLUEPRINT_PINS.databricksCli}`);
  });
});

describe('the preflight step before the guard', () => {
  const run = async (version: string, kind: 'production' | 'staging') => {
    const warnings: string[] = [];
    const outcome = await cliVersionStep(async () => assessCliVersion(version), () => kind, (text) => warnings.push(text)).run();
    return { outcome, warnings };
  };

  it('stops a production deploy with a CLI outside the known versions, naming it and the fix', async () => {
    const { outcome, warnings } = await run('1.25.0', 'production');
    expect(outcome).toMatchObject({ ok: false, detail: '1.25.0 is outside the versions dataops knows, and this is production', hint: expect.stringContaining('Pin the CLI to 1.23.x') });
    expect(warnings).toEqual([]);
  });

  it('warns and goes on elsewhere, and passes a known version quietly', async () => {
    const staging = await run('1.2.0', 'staging');
    expect(staging.outcome).toMatchObject({ ok: true, detail: '1.2.0, outside the versions dataops knows (see the warning)' });
    expect(staging.warnings).toEqual([expect.stringContaining('upgrade to 1.12.1')]);
    expect(await run('1.12.1', 'production')).toEqual({ outcome: { ok: true, detail: '1.12.1, a version dataops knows' }, warnings: [] });
  });
});
