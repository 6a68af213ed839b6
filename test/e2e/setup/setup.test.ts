import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../helpers/binary.js';
import { filesLeaking, leakedIn } from '../../helpers/canaries.js';
import { tool } from '../../helpers/tools.js';
import { DeployHarness } from '../deploy/harness.js';

// A slash and a quote, so that its percent-encoded and JSON-escaped forms differ from it.
const TOKEN = 'tok/9f8e7d6c5b4a3928"1706f5e4d3c2b1a0';
const WEBHOOK_SECRET = 'xyz/webhook"secret';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUtc2VjcmV0LXZhbHVl\n-----END CERTIFICATE-----\n';
const SETTINGS = `secrets:
  deploy_fixture:
    api_token: { env: FIXTURE_API_TOKEN }
    tls_cert: { file: secrets/cert.pem }
    acls:
      - { principal: users, permission: READ }
  deploy_fixture_ops:
    webhook: { env: FIXTURE_WEBHOOK }
`;

/** `dataops setup` against `dataops local`, checked with the real Databricks CLI. */
describe('dataops setup', () => {
  const h = new DeployHarness();
  const outputs: RunResult[] = [];
  let env: NodeJS.ProcessEnv = {};

  const setup = async (args: string[], extra: NodeJS.ProcessEnv = env): Promise<RunResult> => {
    const result = await h.run(['setup', ...args], extra);
    outputs.push(result);
    return result;
  };
  const databricks = (...args: string[]): unknown => {
    const result = spawnSync(tool('databricks'), [...args, '-o', 'json'], { env: h.developer, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  const scopes = (): string[] => (databricks('secrets', 'list-scopes') as Array<{ name: string }>).map((s) => s.name).filter((n) => n.startsWith('deploy_fixture')).sort();

  beforeAll(() => {
    h.start();
    h.file('dataops.yml', SETTINGS);
    h.file('secrets/cert.pem', CERT);
    env = { ...h.developer, FIXTURE_API_TOKEN: TOKEN, FIXTURE_WEBHOOK: `https://hooks.example.com/${WEBHOOK_SECRET}` };
  });
  afterAll(() => h.stop());

  it('names a missing variable and writes nothing', { timeout: 120_000 }, async () => {
    const { FIXTURE_WEBHOOK: _, ...partial } = env;
    const result = await setup([], partial);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('deploy_fixture_ops/webhook: environment variable FIXTURE_WEBHOOK is not set');
    expect(result.stderr).toContain('nothing was written');
    expect(scopes()).toEqual([]);
  });

  it('lists what it would do with --dry-run, and does nothing', { timeout: 120_000 }, async () => {
    const result = await setup(['--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/prerequisites: databricks \S+, git \S+, task \S+, python \S+/);
    expect(result.stderr).toContain('authentication: developer@dataops.local on http://127.0.0.1:');
    expect(result.stderr).toContain('would create secret scope deploy_fixture');
    expect(result.stderr).toContain('would put secret deploy_fixture/api_token from environment variable FIXTURE_API_TOKEN');
    expect(result.stderr).toContain('would put secret deploy_fixture/tls_cert from file secrets/cert.pem');
    expect(result.stderr).toContain('would grant READ on deploy_fixture to users');
    expect(scopes()).toEqual([]);
  });

  it('creates the scopes, puts the secrets and the ACLs', { timeout: 120_000 }, async () => {
    const result = await setup([]);
    expect(result.code, result.stderr).toBe(0);
    expect(scopes()).toEqual(['deploy_fixture', 'deploy_fixture_ops']);
    const value = (scope: string, key: string): string => Buffer.from((databricks('secrets', 'get-secret', scope, key) as { value: string }).value, 'base64').toString('utf8');
    expect(value('deploy_fixture', 'api_token')).toBe(TOKEN);
    expect(value('deploy_fixture', 'tls_cert')).toBe(CERT);
    expect(databricks('secrets', 'list-acls', 'deploy_fixture')).toContainEqual({ principal: 'users', permission: 'READ' });
  });

  it('is idempotent: a second run finds the scopes and ACLs and puts the same values', { timeout: 120_000 }, async () => {
    const result = await setup(['--json', '--verbose']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('secret scope deploy_fixture exists');
    expect(result.stderr).toContain('users has READ on deploy_fixture');
    const report = JSON.parse(result.stdout) as { actions: Array<{ kind: string }> };
    expect(report.actions.map((a) => a.kind)).toEqual(['keep-scope', 'put-secret', 'put-secret', 'keep-acl', 'keep-scope', 'put-secret']);
    expect(scopes()).toEqual(['deploy_fixture', 'deploy_fixture_ops']);
  });

  const SECRETS = [TOKEN, WEBHOOK_SECRET, 'MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUtc2VjcmV0LXZhbHVl'];

  it('never shows a secret value, in any encoding, in any output of any run', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    expect(leakedIn(outputs.map((o) => o.stdout + o.stderr).join('\n'), SECRETS)).toEqual([]);
  });

  it('writes no secret value to any file: not in the project, the caches, the CLI config or the local workspace\'s data', () => {
    // The certificate file is the user's own source of the value.
    expect(filesLeaking(h.work, SECRETS, ['project/.git', 'origin.git', 'project/secrets'])).toEqual([]);
  });
});
