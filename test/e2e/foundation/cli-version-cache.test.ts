import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';

/**
 * The guard judges the Databricks CLI on PATH before it reads the state that CLI wrote, and
 * deploy does so too. The version is read from a cache kept per binary (path, size, time):
 * the CLI is started again only once it changed. The stub prints a version line as the real
 * CLI does and notes every call (what is under test is whether dataops starts it).
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-cli-version-cache-'));
// A workspace that refuses the token at once: the guard stops there, after judging the CLI.
const refusing = http.createServer((_request, response) => {
  response.writeHead(403, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'Invalid access token.' }));
});
beforeAll(() => new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve)));
afterAll(() => {
  refusing.close();
  rmSync(work, { recursive: true, force: true });
});

const bin = path.join(work, 'bin');
const calls = path.join(work, 'calls.log');
const stub = (versionLine: string): void => {
  writeFileSync(path.join(bin, 'databricks'), `#!/bin/sh\necho "$*" >> ${JSON.stringify(calls)}\necho "${versionLine}"\n`, { mode: 0o755 });
};
const project = path.join(work, 'project');

describe('the Databricks CLI version, cached per binary', () => {
  it('is asked once, then read from the cache until the binary changes, and still judged on every run', async () => {
    for (const dir of [bin, project]) mkdirSync(dir, { recursive: true });
    stub('Databricks CLI v1.2.0');
    writeFileSync(path.join(project, 'databricks.yml'), 'bundle:\n  name: cached_cli\ntargets:\n  dev:\n    default: true\n');
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: work,
      XDG_CACHE_HOME: path.join(work, 'cache'),
      DATABRICKS_HOST: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
      DATABRICKS_TOKEN: 'dapi-not-used',
      DATAOPS_CURRENT_USER: 'someone@example.com',
    };
    const guard = () => dataopsAsync(['guard', '--no-color'], { cwd: project, env });

    const first = await guard();
    const second = await guard();
    for (const run of [first, second]) expect(run.stderr).toContain('Databricks CLI 1.2.0 is older than the versions this dataops knows');
    expect(readFileSync(calls, 'utf8').split('\n').filter((line) => line === '--version')).toHaveLength(1);

    // An upgrade in place (another size) is asked again.
    stub('Databricks CLI v1.12.1 (upgraded)');
    const upgraded = await guard();
    expect(upgraded.stderr).not.toContain('is older than the versions this dataops knows');
    expect(readFileSync(calls, 'utf8').split('\n').filter((line) => line === '--version')).toHaveLength(2);
  });
});
