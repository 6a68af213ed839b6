import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { TestOidcIssuer } from '../../helpers/oidc-issuer.js';

/** `dataops doctor --oidc` in a job, against tokens signed by the test's own issuer. */
const issuer = new TestOidcIssuer();
let work: string;
const HOST = 'https://adb-1234.5.azuredatabricks.net';
const IMMUTABLE = 'repo:acme@58201337/shop@734912001:environment:production';

const job = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
  DATABRICKS_HOST: HOST,
  DATABRICKS_CLIENT_ID: '6f1c1d2e-0000-4000-8000-1234567890ab',
  DATABRICKS_AUTH_TYPE: 'github-oidc',
  ...extra,
});

beforeAll(async () => {
  await issuer.start();
  work = mkdtempSync(path.join(os.tmpdir(), 'dataops-doctor-oidc-'));
});
afterAll(async () => {
  await issuer.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  issuer.requests.length = 0;
  issuer.claims = {
    sub: IMMUTABLE,
    repository: 'acme/shop',
    repository_id: '734912001',
    repository_owner: 'acme',
    repository_owner_id: '58201337',
    environment: 'production',
    event_name: 'workflow_dispatch',
    ref: 'refs/tags/v1.4.0',
  };
});

function noSecrets(output: string): void {
  // GitHub's own masking command is the one place a secret may appear.
  const text = output.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  expect(text).not.toContain(issuer.requestToken);
  // No JWT (three base64url parts) in the output: neither the token nor its signature.
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
}

describe('dataops doctor --oidc', () => {
  it('a matching policy: asks with the audience the SDK uses, shows the claims and says it matches', async () => {
    const run = await dataopsAsync(['doctor', '--oidc', '--policy-subject', IMMUTABLE, '--policy-audience', `${HOST}/oidc/v1/token`], { cwd: work, env: job() });
    expect(run.code, run.stderr).toBe(0);
    expect(issuer.requests).toEqual([{ audience: `${HOST}/oidc/v1/token`, authorized: true }]);
    expect(run.stderr).toContain(`subject  ${IMMUTABLE}`);
    expect(run.stderr).toContain('✔ the configured policy matches this token');
    expect(run.stderr).toContain('the signature is not shown');
    noSecrets(run.stdout + run.stderr);
  });

  it('a name-based policy against an immutable subject: the exchange fails, and the policy that would match is printed', async () => {
    const run = await dataopsAsync(['doctor', '--oidc', '--json', '--policy-subject', 'repo:acme/shop:environment:production'], { cwd: work, env: job() });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout.split('\n').filter((l) => !l.startsWith('::')).join('\n')) as { ok: boolean; subject_format: string; matching_policy: { subject: string; audiences: string[]; issuer: string }; findings: string[]; claims: Record<string, unknown> };
    expect(report.subject_format).toBe('immutable');
    expect(report.matching_policy).toEqual({ issuer: 'https://token.actions.githubusercontent.com', audiences: [`${HOST}/oidc/v1/token`], subject: IMMUTABLE });
    expect(report.findings).toContain(`✖ the exchange fails: the policy's sub is repo:acme/shop:environment:production, the token's is ${IMMUTABLE}`);
    expect(report.findings.join('\n')).toContain('a name-based policy (subject repo:acme/shop:environment:production) does not match it');
    expect(Object.keys(report.claims)).not.toContain('jti');
    noSecrets(run.stdout + run.stderr);
  });

  it('a pull request from a fork: no token at all, said as such', async () => {
    const eventPath = path.join(work, 'fork-event.json');
    writeFileSync(eventPath, JSON.stringify({ pull_request: { head: { repo: { full_name: 'mallory/shop' } }, base: { repo: { full_name: 'acme/shop' } } } }));
    const env = job({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' });
    const run = await dataopsAsync(['doctor', '--oidc'], { cwd: work, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no OIDC token: this is a pull_request event from the fork mallory/shop, and GitHub issues no OIDC token to pull requests from forks');
    expect(issuer.requests).toEqual([]);
  });

  it('a job without id-token: write: says which permission to add', async () => {
    const run = await dataopsAsync(['doctor', '--oidc'], { cwd: work, env: job({ ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the job lacks `permissions: id-token: write`');
  });
});
