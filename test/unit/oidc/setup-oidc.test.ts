import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { environmentSubject, policyMismatches, subjectFormatOf, subjectPrefix } from '../../../src/core/oidc/subject.js';
import { oidcJobs } from '../../../src/core/oidc/workflows.js';
import { FakeGitHub } from '../../fakes/github/server.js';
import { runInProcess } from '../../helpers/in-process.js';

/** `dataops setup oidc` on the blueprint's own workflows, reading the repository through a fake GitHub. */
const TOKEN = 'ghs_setup_oidc_token';
let github: FakeGitHub;
let dir: string;
const workflows = Object.entries(BLUEPRINT_TEMPLATES).filter(([file]) => file.startsWith('.github/workflows/'));

function setupOidc(args: string[], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: TOKEN }) {
  return runInProcess(['--cwd', dir, 'setup', 'oidc', '--repo', 'acme/shop', ...args], { GITHUB_API_URL: github.apiUrl, ...env });
}

interface Printed {
  subject_format: string;
  subject_from: string;
  policies: Array<{ environment: string; jobs: string[]; policy: { issuer: string; audiences: string[]; subject: string } }>;
}

beforeAll(async () => {
  github = await new FakeGitHub().token(TOKEN).start();
  dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-setup-oidc-'));
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  for (const [file, text] of workflows) writeFileSync(path.join(dir, file), text);
});
afterAll(async () => {
  await github.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  github.repo.oidcSub = { use_default: true };
  github.repo.environmentVariables.clear();
});

describe('the subject core', () => {
  it('writes classic and immutable subjects and tells them apart', () => {
    const repo = { owner: 'acme', repo: 'shop', ownerId: 58201337, repoId: 734912001 };
    expect(environmentSubject(subjectPrefix(repo, 'classic') ?? '', 'staging')).toBe('repo:acme/shop:environment:staging');
    expect(environmentSubject(subjectPrefix(repo, 'immutable') ?? '', 'production')).toBe('repo:acme@58201337/shop@734912001:environment:production');
    expect(subjectPrefix({ owner: 'acme', repo: 'shop' }, 'immutable')).toBeNull();
    expect([subjectFormatOf('repo:acme/shop:ref:refs/heads/main'), subjectFormatOf('repo:acme@1/shop@2:environment:x'), subjectFormatOf('job:x')]).toEqual(['classic', 'immutable', null]);
  });

  it('checks issuer, audience and subject exactly, as a federation policy does', () => {
    const policy = { issuer: 'https://token.actions.githubusercontent.com', audiences: ['https://ws/oidc/v1/token'], subject: 'repo:acme/shop:environment:production' };
    expect(policyMismatches(policy, { iss: policy.issuer, aud: 'https://ws/oidc/v1/token', sub: policy.subject })).toEqual([]);
    expect(policyMismatches(policy, { iss: policy.issuer, aud: ['other'], sub: 'repo:acme@1/shop@2:environment:production' }).map((m) => m.claim)).toEqual(['aud', 'sub']);
  });

  it('finds the environments whose jobs ask for a token in the blueprint, leaving out a call of a reusable workflow', () => {
    const jobs = oidcJobs(workflows.map(([file, text]) => ({ path: file, text })));
    expect(jobs.map((j) => `${j.workflow}: ${j.job} → ${j.environment}`)).toEqual([
      '.github/workflows/drift.yml: drift → production-drift',
      '.github/workflows/lint.yml: plan → staging-plan',
      '.github/workflows/lint.yml: plan → production-plan',
      '.github/workflows/production.yml: plan → production-plan',
      '.github/workflows/production.yml: deploy → production',
      '.github/workflows/staging.yml: deploy → staging',
    ]);
  });
});

describe('dataops setup oidc', () => {
  it('prints classic subjects per environment when the repository sends names, with the audience from DATABRICKS_HOST', async () => {
    github.repo.environmentVariables.set('staging', new Map([['DATABRICKS_HOST', 'https://adb-1.1.azuredatabricks.net']]));
    github.repo.environmentVariables.set('production', new Map([['DATABRICKS_HOST', 'https://adb-2.2.azuredatabricks.net/']]));
    const result = await setupOidc(['--json']);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Printed;
    expect(printed.subject_format).toBe('classic');
    const byEnv = Object.fromEntries(printed.policies.map((p) => [p.environment, p.policy]));
    expect(byEnv.staging).toEqual({ issuer: 'https://token.actions.githubusercontent.com', audiences: ['https://adb-1.1.azuredatabricks.net/oidc/v1/token'], subject: 'repo:acme/shop:environment:staging' });
    expect(byEnv.production).toEqual({ issuer: 'https://token.actions.githubusercontent.com', audiences: ['https://adb-2.2.azuredatabricks.net/oidc/v1/token'], subject: 'repo:acme/shop:environment:production' });
    expect(result.stderr).toContain(`databricks account service-principal-federation-policy create <service-principal-id> --json '{"oidc_policy":{"issuer":"https://token.actions.githubusercontent.com","audiences":["https://adb-1.1.azuredatabricks.net/oidc/v1/token"],"subject":"repo:acme/shop:environment:staging"}}'`);
    // production-drift has no DATABRICKS_HOST in the fake: said, not guessed.
    expect(byEnv['production-drift']?.audiences).toEqual([]);
    expect(result.stderr).toContain('audience  unknown: pass --audience or --host');
  });

  it('prints immutable subjects when the repository sends them (use_immutable_subject, ids from the API)', async () => {
    github.repo.oidcSub = { use_default: true, use_immutable_subject: true };
    const result = await setupOidc(['--json', '--host', 'https://adb-9.azuredatabricks.net']);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Printed;
    expect(printed.subject_format).toBe('immutable');
    expect(printed.subject_from).toContain('GitHub API');
    expect(printed.policies.map((p) => p.policy.subject)).toEqual([
      'repo:acme@58201337/shop@734912001:environment:production-drift',
      'repo:acme@58201337/shop@734912001:environment:staging-plan',
      'repo:acme@58201337/shop@734912001:environment:production-plan',
      'repo:acme@58201337/shop@734912001:environment:production',
      'repo:acme@58201337/shop@734912001:environment:staging',
    ]);
  });

  it('takes GitHub’s sub_claim_prefix as it is', async () => {
    github.repo.oidcSub = { use_default: true, sub_claim_prefix: 'repo:acme@7/shop@8' };
    const printed = JSON.parse((await setupOidc(['--json', '--audience', 'https://github.com/acme'])).stdout) as Printed;
    expect(printed.policies.find((p) => p.environment === 'staging')?.policy).toMatchObject({ subject: 'repo:acme@7/shop@8:environment:staging', audiences: ['https://github.com/acme'] });
  });

  it('asks with a flag when GitHub does not say, and refuses a customised subject it cannot write', async () => {
    github.repo.oidcSub = null;
    const refused = await setupOidc([]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('cannot tell which OIDC subject form acme/shop sends: GitHub answered 404');
    expect(refused.stderr).toContain('--subject-format classic');
    const asked = await setupOidc(['--json', '--subject-format', 'immutable', '--owner-id', '11', '--repo-id', '22'], {});
    expect(asked.code, asked.stderr).toBe(0);
    expect((JSON.parse(asked.stdout) as Printed).policies.at(-1)?.policy.subject).toBe('repo:acme@11/shop@22:environment:staging');
    github.repo.oidcSub = { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] };
    const custom = await setupOidc([]);
    expect(custom.code).toBe(2);
    expect(custom.stderr).toContain('run dataops doctor --oidc in the workflow');
  });
});
