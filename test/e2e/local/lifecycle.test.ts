import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataops } from '../../helpers/binary.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-local-life-'));
const dataDir = path.join(work, 'data');
afterAll(() => {
  dataops(['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
});

describe('dataops local up / env / down (the built binary)', () => {
  it('starts in the background, refuses a second server on the same data dir, serves, and stops', async () => {
    const up = dataops(['local', 'up', '--data-dir', dataDir, '--detach']);
    expect(up.code, up.stderr).toBe(0);
    const url = up.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const again = dataops(['local', 'up', '--data-dir', dataDir, '--detach']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`a local workspace already runs for ${dataDir} at ${url}`);

    const env = dataops(['local', 'env', '--data-dir', dataDir]);
    const token = /^export DATABRICKS_TOKEN=(\S+)$/m.exec(env.stdout)?.[1];
    expect(env.stdout).toContain(`export DATABRICKS_HOST=${url}\n`);
    const me = await fetch(`${url}/api/2.0/preview/scim/v2/Me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { userName: string }).userName).toBe('developer@dataops.local');
    const refused = await fetch(`${url}/api/2.0/preview/scim/v2/Me`, { headers: { Authorization: 'Bearer dapi0000' } });
    expect([refused.status, await refused.json()]).toEqual([401, { error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }]);

    const down = dataops(['local', 'down', '--data-dir', dataDir]);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(`stopped the local workspace at ${url}`);
    await expect(fetch(url)).rejects.toThrow();

    const notRunning = dataops(['local', 'env', '--data-dir', dataDir]);
    expect(notRunning.code).toBe(2);
    expect(notRunning.stderr).toContain('dataops local up --detach');
    expect(dataops(['local', 'down', '--data-dir', dataDir]).stderr).toContain('no local workspace runs');
  });

  it('refuses a fail rate outside 0..1', () => {
    const result = dataops(['local', 'up', '--data-dir', dataDir, '--fail-rate', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-rate must be between 0 and 1');
  });
});
