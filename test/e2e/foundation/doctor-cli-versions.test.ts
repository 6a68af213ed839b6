import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataops } from '../../helpers/binary.js';

/**
 * `dataops doctor` reading the version of the Databricks CLI on PATH: stubs that print a
 * version line as the real CLI does (the behaviour under test is the reading and the advice).
 */
const dirs: string[] = [];
function pathWithCli(versionLine: string): string {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'dataops-doctor-cli-'));
  dirs.push(bin);
  const stub = (name: string, line: string) => writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${line}"\n`, { mode: 0o755 });
  stub('databricks', versionLine);
  stub('task', 'Task version: v3.44.0');
  stub('python3', 'Python 3.12.3');
  symlinkSync('/usr/bin/git', path.join(bin, 'git'));
  return `${bin}:/usr/bin:/bin`;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('dataops doctor and the Databricks CLI version', () => {
  it('accepts a version it knows and says what it means for the state', () => {
    const run = dataops(['doctor', '--no-color'], { env: { PATH: pathWithCli('Databricks CLI v1.17.2'), HOME: os.tmpdir() } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('since 1.17: the direct state format is version 3');
  });

  it('names an older CLI with the exact upgrade, and exits 1', () => {
    const run = dataops(['doctor', '--no-color'], { env: { PATH: pathWithCli('Databricks CLI v1.2.0'), HOME: os.tmpdir() } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Databricks CLI 1.2.0 is older than the versions this dataops knows (1.3.0 – 1.23.x): upgrade to 1.12.1');
    expect(run.stderr).toContain('curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/v1.12.1/install.sh | sh');
    expect(run.stderr).toContain('upgrade or pin it as shown above');
  });

  it('names a newer CLI with the pin to use, in --json too', () => {
    const run = dataops(['doctor', '--json'], { env: { PATH: pathWithCli('Databricks CLI v1.26.0'), HOME: os.tmpdir() } });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; databricksCli: { status: string; advice: string } };
    expect(report.ok).toBe(false);
    expect(report.databricksCli.status).toBe('newer');
    expect(report.databricksCli.advice).toContain('Pin the CLI to 1.23.x or to the blueprint’s 1.12.1 (in workflows use databricks/setup-cli@v1.12.1');
  });
});
