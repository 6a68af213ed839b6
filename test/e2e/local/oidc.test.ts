import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../../src/adapters/workspace/auth.js';
import { githubSubject } from '../../../src/core/federation.js';
import { startGitHubOidc, type GitHubOidc } from '../../fakes/github-oidc.js';
import { cleanEnv, dataops, runAsync } from '../../helpers/binary.js';
import { python, tool } from '../../helpers/tools.js';

const PRODUCTION = githubSubject({ owner: 'acme', repository: 'sales', context: 'environment:production' });
const IMMUTABLE = githubSubject({ owner: 'acme', ownerId: 123, repository: 'sales', repositoryId: 456, context: 'environment:production' });

/**
 * GitHub OIDC into `dataops local` (the built binary): the real Databricks CLI and Python SDK
 * fetch an ID token from the test's GitHub token service and exchange it at the workspace.
 */
describe('workload identity federation in dataops local', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-oidc-'));
  const dataDir = path.join(work, 'data');
  let github: GitHubOidc;
  let host = '';
  let adminToken = '';
  let accountId = '';
  const principals: Record<string, { id: string; applicationId: string }> = {};

  const admin = async (method: string, url: string, body?: unknown): Promise<Response> =>
    fetch(`${host}${url}`, { method, headers: { Authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  const jobEnv = (principal: string, sub: string): NodeJS.ProcessEnv => ({
    ...cleanEnv(process.env),
    DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
    DATABRICKS_HOST: host,
    DATABRICKS_AUTH_TYPE: 'github-oidc',
    DATABRICKS_CLIENT_ID: principals[principal]?.applicationId ?? '',
    ...github.jobEnv({ sub, repository: 'acme/sales' }),
  });

  beforeAll(async () => {
    github = await startGitHubOidc();
    writeFileSync(path.join(work, 'databrickscfg'), '');
    const up = dataops(['local', 'up', '--data-dir', dataDir, '--detach']);
    expect(up.code, up.stderr).toBe(0);
    host = up.stdout.trim();
    adminToken = /^export DATABRICKS_TOKEN=(\S+)$/m.exec(dataops(['local', 'env', '--data-dir', dataDir]).stdout)?.[1] ?? '';
    const config = (await (await fetch(`${host}/.well-known/databricks-config`)).json()) as { account_id: string };
    accountId = config.account_id;
    for (const [name, subject] of [['production', PRODUCTION], ['immutable', IMMUTABLE]] as const) {
      const created = await admin('POST', '/api/2.0/preview/scim/v2/ServicePrincipals', { displayName: `deployer-${name}` });
      expect(created.status).toBe(200);
      principals[name] = (await created.json()) as { id: string; applicationId: string };
      const policy = await admin('POST', `/api/2.0/accounts/${accountId}/servicePrincipals/${principals[name]?.id}/federationPolicies`, {
        oidc_policy: { issuer: github.issuer, audiences: [`${host}/oidc/v1/token`], subject },
      });
      expect(policy.status, await policy.clone().text()).toBe(200);
    }
  });
  afterAll(async () => {
    dataops(['local', 'down', '--data-dir', dataDir]);
    await github.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('lets the real CLI act as the service principal whose policy matches the subject', async () => {
    const me = await runAsync(tool('databricks'), ['current-user', 'me', '-o', 'json'], { env: jobEnv('production', PRODUCTION), timeoutMs: 60_000 });
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ displayName: 'deployer-production', userName: principals.production?.applicationId });
    expect(github.requestedAudiences).toContain(`${host}/oidc/v1/token`);
  });

  it('lets the real Python SDK exchange an immutable subject (repo:owner@id/repo@id)', async () => {
    const script = 'from databricks.sdk import WorkspaceClient\nprint(WorkspaceClient().current_user.me().display_name)';
    const run = await runAsync(python(), ['-c', script], { env: jobEnv('immutable', IMMUTABLE), timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('deployer-immutable');
  });

  it("refuses a subject the policy does not name, with the exchange's reason", async () => {
    const staging = githubSubject({ owner: 'acme', repository: 'sales', context: 'environment:staging' });
    const me = await runAsync(tool('databricks'), ['current-user', 'me'], { env: jobEnv('production', staging), timeoutMs: 60_000 });
    expect(me.code).not.toBe(0);
    expect(me.stderr).toContain(`the token's sub '${staging}' does not match the subject of any federation policy`);
    // The name-based policy does not match GitHub's newer immutable subject either.
    const immutable = await runAsync(tool('databricks'), ['current-user', 'me'], { env: jobEnv('production', IMMUTABLE), timeoutMs: 60_000 });
    expect(immutable.code).not.toBe(0);
    expect(immutable.stderr).toContain('does not match the subject of any federation policy');
  });

  it("lets dataops' own workspace client exchange the same way (databricks auth token serves only U2M)", async () => {
    const env = jobEnv('production', PRODUCTION);
    const credentials = await resolveCredentials({ env, readConfigFile: () => Promise.resolve(null), runDatabricks: () => Promise.reject(new Error('not used')) });
    expect(credentials.kind).toBe('github-oidc');
    const me = await fetch(`${host}/api/2.0/preview/scim/v2/Me`, { headers: { Authorization: await credentials.authorization() } });
    expect(((await me.json()) as { displayName: string }).displayName).toBe('deployer-production');
    const refused = await resolveCredentials({ env: jobEnv('production', 'repo:acme/sales:pull_request'), readConfigFile: () => Promise.resolve(null), runDatabricks: () => Promise.reject(new Error('not used')) });
    await expect(refused.authorization()).rejects.toThrow("github-oidc: the workspace refused the token exchange: Token exchange failed: the token's sub 'repo:acme/sales:pull_request' does not match");
  });

  it('checks signature, expiry and audience of the subject token', async () => {
    const exchange = async (token: string, clientId = principals.production?.applicationId ?? ''): Promise<{ status: number; body: Record<string, string> }> => {
      const response = await fetch(`${host}/oidc/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          subject_token: token,
          client_id: clientId,
          scope: 'all-apis',
        }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };
    const audience = `${host}/oidc/v1/token`;
    const good = await exchange(await github.sign({ sub: PRODUCTION, aud: audience }));
    expect(good.status).toBe(200);
    expect(good.body.access_token).toBeTruthy();

    const expired = await exchange(await github.sign({ sub: PRODUCTION, aud: audience }, { expiresInSeconds: -60 }));
    expect([expired.status, expired.body.error, expired.body.error_description]).toEqual([401, 'invalid_grant', 'Invalid subject_token: the token has expired']);

    const otherAudience = await exchange(await github.sign({ sub: PRODUCTION, aud: 'https://github.com/acme' }));
    expect(otherAudience.status).toBe(401);
    expect(otherAudience.body.error_description).toContain("the token's audience 'https://github.com/acme' is not accepted");

    const [header, payload] = (await github.sign({ sub: PRODUCTION, aud: audience })).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), sub: 'repo:evil/sales:environment:production' })).toString('base64url');
    const forged = await exchange(`${header}.${forgedPayload}.${'A'.repeat(342)}`);
    expect([forged.status, forged.body.error_description]).toEqual([401, "Invalid subject_token: the signature does not verify against the issuer's keys"]);

    const unknown = await exchange(await github.sign({ sub: PRODUCTION, aud: audience }), '00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
  });

  it('lists and deletes federation policies; only an admin user manages them', async () => {
    const list = await admin('GET', `/api/2.0/accounts/${accountId}/servicePrincipals/${principals.production?.id}/federationPolicies`);
    const { policies } = (await list.json()) as { policies: Array<{ policy_id: string; oidc_policy: { subject: string } }> };
    expect(policies.map((p) => p.oidc_policy.subject)).toEqual([PRODUCTION]);
    const asPrincipal = await fetch(`${host}/api/2.0/accounts/${accountId}/servicePrincipals/${principals.production?.id}/federationPolicies`, {
      headers: { Authorization: `Bearer ${/^export DATABRICKS_TOKEN=(\S+)$/m.exec(dataops(['local', 'env', '--data-dir', dataDir, '--as', 'service-principal']).stdout)?.[1] ?? ''}` },
    });
    expect(asPrincipal.status).toBe(403);
    const removed = await admin('DELETE', `/api/2.0/accounts/${accountId}/servicePrincipals/${principals.production?.id}/federationPolicies/${policies[0]?.policy_id}`);
    expect(removed.status).toBe(200);
    const after = await runAsync(tool('databricks'), ['current-user', 'me'], { env: jobEnv('production', PRODUCTION), timeoutMs: 60_000 });
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain("no federation policy of this service principal trusts the issuer");
  });
});
