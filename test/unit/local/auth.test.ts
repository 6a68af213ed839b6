import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentials, type AuthSources } from '../../../src/adapters/workspace/auth.js';
import { WorkspaceClient } from '../../../src/adapters/workspace/client.js';
import { UsageError } from '../../../src/core/errors.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function sources(env: NodeJS.ProcessEnv, cfg: string | null = null, cli?: AuthSources['runDatabricks']): AuthSources {
  return {
    env,
    readConfigFile: () => Promise.resolve(cfg),
    runDatabricks: cli ?? (() => Promise.reject(new Error('the databricks CLI must not be called here'))),
  };
}

describe('credentials in the order the Databricks CLI reads them', () => {
  it('uses DATABRICKS_HOST and DATABRICKS_TOKEN before any profile', async () => {
    const token = h.workspace.identities.developer.token;
    const cfg = '[DEFAULT]\nhost = https://other.example\ntoken = dapi-other\n';
    const credentials = await resolveCredentials(sources({ DATABRICKS_HOST: h.workspace.url, DATABRICKS_TOKEN: token }, cfg));
    expect(credentials).toMatchObject({ host: h.workspace.url, kind: 'pat', source: 'environment' });
    expect((await new WorkspaceClient(credentials).identity.me()).userName).toBe('developer@dataops.local');
  });

  it('reads the profile named by DATABRICKS_CONFIG_PROFILE, and refuses one that is not there', async () => {
    const cfg = `[local]\nhost = ${h.workspace.url}\ntoken = ${h.workspace.identities['service-principal'].token}\n`;
    const credentials = await resolveCredentials(sources({ DATABRICKS_CONFIG_PROFILE: 'local' }, cfg));
    expect(credentials).toMatchObject({ kind: 'pat', source: 'profile', profile: 'local' });
    expect((await new WorkspaceClient(credentials).identity.me()).displayName).toBe('dataops-local-deployer');
    await expect(resolveCredentials(sources({ DATABRICKS_CONFIG_PROFILE: 'nope' }, cfg))).rejects.toBeInstanceOf(UsageError);
  });

  it('gets an OAuth M2M token from /oidc/v1/token and reuses it until it expires', async () => {
    const sp = h.workspace.identities['service-principal'];
    const env = { DATABRICKS_HOST: h.workspace.url, DATABRICKS_CLIENT_ID: sp.identity.applicationId, DATABRICKS_CLIENT_SECRET: sp.clientSecret };
    const credentials = await resolveCredentials(sources(env));
    expect(credentials.kind).toBe('oauth-m2m');
    const ws = new WorkspaceClient(credentials);
    expect((await ws.identity.me()).userName).toBe(sp.identity.applicationId);
    await ws.jobs.listPage({});
    expect(h.requests.filter((line) => line.startsWith('POST /oidc/v1/token'))).toHaveLength(1);

    const wrong = await resolveCredentials(sources({ ...env, DATABRICKS_CLIENT_SECRET: 'wrong' }));
    await expect(new WorkspaceClient(wrong).identity.me()).rejects.toThrow(/oidc\/v1\/token failed: HTTP 401/);
  });

  it('delegates any other auth type to databricks auth token', async () => {
    const calls: string[][] = [];
    const cli: AuthSources['runDatabricks'] = (args) => {
      calls.push([...args]);
      const expiry = new Date(Date.now() + 3600_000).toISOString();
      return Promise.resolve({ exitCode: 0, stdout: JSON.stringify({ access_token: h.workspace.identities.developer.token, expiry }), stderr: '' });
    };
    const credentials = await resolveCredentials(sources({ DATABRICKS_HOST: h.workspace.url, DATABRICKS_AUTH_TYPE: 'databricks-cli' }, null, cli));
    expect(credentials.kind).toBe('databricks-cli');
    const ws = new WorkspaceClient(credentials);
    await ws.identity.me();
    await ws.identity.me();
    expect(calls).toEqual([['auth', 'token', '--host', h.workspace.url, '--output', 'json']]);
  });

  it('says what to set when no workspace is configured', async () => {
    await expect(resolveCredentials(sources({}))).rejects.toThrow(/no Databricks workspace is configured/);
  });
});
