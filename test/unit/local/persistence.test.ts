import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('the data dir', () => {
  it('keeps jobs, files, tokens and scopes across a restart, and writes no secret value to disk', async () => {
    const ws = h.client();
    const { job_id } = await ws.jobs.create({ name: 'kept' });
    await ws.workspace.importFile('/Shared/notes.txt', Buffer.from('hello'));
    await ws.secrets.createScope('kept-scope');
    const secret = 'not-on-disk-5f2c9a';
    await ws.secrets.put('kept-scope', 'k', secret);
    const tokenBefore = h.workspace.identities.developer.token;

    await h.restart();

    expect(h.workspace.identities.developer.token).toBe(tokenBefore);
    const again = h.client();
    expect((await again.jobs.get(job_id)).settings.name).toBe('kept');
    expect((await again.workspace.export('/Workspace/Shared/notes.txt')).toString()).toBe('hello');
    expect((await again.secrets.listScopes()).map((s) => s.name)).toEqual(['kept-scope']);
    for (const file of readdirSync(h.dataDir)) {
      expect(readFileSync(path.join(h.dataDir, file)).includes(secret)).toBe(false);
    }
  });
});
