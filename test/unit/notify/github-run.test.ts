import { describe, expect, it } from 'vitest';
import { runContextFromEnv } from '../../../src/core/notify/github-run.js';

const ACTIONS_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: 'acme/sales',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'Staging',
  GITHUB_RUN_ID: '987',
  GITHUB_RUN_ATTEMPT: '3',
};

describe('the GitHub Actions run context', () => {
  it('reads repository, ref, short SHA, actor, workflow and the link to this attempt of the run', () => {
    expect(runContextFromEnv(ACTIONS_ENV, undefined)).toEqual({
      repository: 'acme/sales',
      ref: 'main',
      commit: '0123456',
      actor: 'octocat',
      workflow: 'Staging',
      runUrl: 'https://github.example.com/acme/sales/actions/runs/987/attempts/3',
    });
  });

  it('names the branch of a pull request run, not its merge ref, and links the pull request', () => {
    const context = runContextFromEnv({ ...ACTIONS_ENV, GITHUB_REF_NAME: '7/merge', GITHUB_HEAD_REF: 'feature/x' }, { pull_request: { html_url: 'https://github.example.com/acme/sales/pull/7' } });
    expect(context).toMatchObject({ ref: 'feature/x', pullRequestUrl: 'https://github.example.com/acme/sales/pull/7' });
  });

  it('links the pull request of a /release comment (an issue_comment event)', () => {
    const event = { issue: { html_url: 'https://github.example.com/acme/sales/pull/9', pull_request: { html_url: 'https://github.example.com/acme/sales/pull/9' } } };
    expect(runContextFromEnv(ACTIONS_ENV, event).pullRequestUrl).toBe('https://github.example.com/acme/sales/pull/9');
  });

  it('gives no pull request link for a comment on a plain issue', () => {
    expect(runContextFromEnv(ACTIONS_ENV, { issue: { html_url: 'https://github.example.com/acme/sales/issues/3' } }).pullRequestUrl).toBeUndefined();
  });

  it('says nothing outside GitHub Actions, whatever variables are set', () => {
    expect(runContextFromEnv({ ...ACTIONS_ENV, GITHUB_ACTIONS: undefined }, { pull_request: { html_url: 'x' } })).toEqual({});
  });
});
