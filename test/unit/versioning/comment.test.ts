import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionFromEnv, createGitHubClient, upsertMarkedComment } from '../../../src/adapters/github.js';
import { PREVIEW_MARKER, renderPreviewComment } from '../../../src/core/versioning/comment.js';
import type { VersionPreview } from '../../../src/core/versioning/preview.js';
import { FakeGitHub } from '../../fakes/github/server.js';

const PREVIEW: VersionPreview = {
  branch: 'main', configSource: 'file', currentSource: 'manifest', current: '1.2.3', next: '1.3.0', tag: 'v1.3.0', bump: 'minor', changelog: '## [1.3.0] …\n\n### Features\n\n* weekly dashboard',
};

describe('the release preview comment', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await new FakeGitHub().token('ghs_previewtoken');
    await github.start();
    github.repo.commitFiles('main', 'chore: start', { 'a.txt': 'a' });
  });
  afterEach(() => github.stop());

  it('says what the squash merge will release, with the changelog', () => {
    const body = renderPreviewComment(PREVIEW, 'feat: weekly dashboard');
    expect(body.startsWith(PREVIEW_MARKER)).toBe(true);
    expect(body).toContain('makes the next release **v1.3.0** (minor bump, from 1.2.3)');
    expect(body).toContain('* weekly dashboard');
    expect(renderPreviewComment({ ...PREVIEW, next: null, tag: null, bump: null, changelog: '' }, 'docs: x')).toContain('makes **no release**');
  });

  it('is posted once and then updated in place, through octokit (GITHUB_API_URL honoured)', async () => {
    const pull = github.repo.openPull({ title: 'feat: weekly dashboard', branch: 'feature/w', files: { 'b.txt': 'b' } });
    github.repo.addComment(pull.number, 'looks good', 'reviewer');
    const client = createGitHubClient(connectionFromEnv({ GITHUB_TOKEN: 'ghs_previewtoken', GITHUB_API_URL: github.apiUrl }));
    const where = { owner: 'acme', repo: 'sales-bundle', issueNumber: pull.number };
    expect((await upsertMarkedComment(client, where, PREVIEW_MARKER, `${PREVIEW_MARKER}\nfirst`)).created).toBe(true);
    expect((await upsertMarkedComment(client, where, PREVIEW_MARKER, `${PREVIEW_MARKER}\nsecond`)).created).toBe(false);
    expect(github.repo.comments.map((c) => c.body)).toEqual(['looks good', `${PREVIEW_MARKER}\nsecond`]);
  });
});
