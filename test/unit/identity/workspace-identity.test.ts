import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIdentity } from '../../../src/adapters/identity.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../../src/local/server.js';
import { tool } from '../../helpers/tools.js';

describe('the current user, from the real Databricks CLI against dataops local', () => {
  let dir: string;
  let workspace: LocalWorkspace;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-identity-'));
    workspace = await startLocalWorkspace({ dataDir: path.join(dir, 'data'), port: 0 });
    env = {
      PATH: `${path.dirname(tool('databricks'))}:/usr/bin:/bin`,
      HOME: dir,
      XDG_CACHE_HOME: path.join(dir, 'cache'),
      DATABRICKS_HOST: workspace.url,
    };
  });
  afterAll(async () => {
    await workspace.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is cached per principal: another token on the same host is another user', async () => {
    const { developer: dev, 'service-principal': sp } = workspace.identities;
    const developer = { ...env, DATABRICKS_TOKEN: dev.token };
    const principal = { ...env, DATABRICKS_TOKEN: sp.token };
    const first = await readIdentity(dir, developer);
    const asPrincipal = await readIdentity(dir, principal);
    const again = await readIdentity(dir, developer);
    expect(first.identity.userName).toBe(dev.identity.userName);
    expect(asPrincipal.identity.userName).toBe(sp.identity.userName);
    expect(again.source).toContain('cached');
    expect(again.identity.userName).toBe(dev.identity.userName);
  });
});
