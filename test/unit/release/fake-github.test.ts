import { Octokit } from '@octokit/rest';
import { setLogger } from 'release-please';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewRelease } from '../../../src/core/versioning/preview.js';
import type { RepositorySnapshot } from '../../../src/core/versioning/snapshot-scm.js';
import type { FakeRepository } from '../../fakes/github/model.js';
import { releasedAt123 } from '../../fakes/github/scenario.js';
import { FakeGitHub } from '../../fakes/github/server.js';
import { releasePleaseOn, SILENT, TOKEN } from './run-release.js';

/** release-please's defaults, so its branch is `release-please--branches--main`. */
const released = (repo: FakeRepository): void => releasedAt123(repo, { packages: { '.': { 'release-type': 'simple' } } });

/** The fake's repository as `dataops version` reads a clone. */
function snapshotOf(repo: FakeRepository): RepositorySnapshot {
  const head = repo.branchSha('main');
  const files = repo.files(head);
  return {
    owner: repo.owner,
    repo: repo.repo,
    branch: 'main',
    commits: repo.history(head).map((c) => ({ sha: c.sha, message: c.message, files: [] })),
    tags: [...repo.refs].filter(([ref]) => ref.startsWith('tags/')).map(([ref, sha]) => ({ name: ref.slice(5), sha })),
    readFile: async (path) => files.get(path) ?? null,
    listFiles: async () => [...files.keys()],
  };
}

describe('the fake GitHub, driven by octokit and release-please', () => {
  let github: FakeGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    github = await new FakeGitHub().token(TOKEN).start();
    octokit = new Octokit({ auth: TOKEN, baseUrl: github.apiUrl });
    released(github.repo);
    setLogger(SILENT);
  });
  afterEach(() => github.stop());

  const releasePlease = () => releasePleaseOn(github);

  it('refuses a request without a known token', async () => {
    const stranger = new Octokit({ auth: 'ghs_wrong', baseUrl: github.apiUrl });
    await expect(stranger.rest.repos.get({ owner: 'acme', repo: 'sales-bundle' })).rejects.toMatchObject({ status: 401 });
  });

  it('carries a feature through release-please: release PR, merge, tag and GitHub release, as the preview said', async () => {
    const feature = github.repo.openPull({ title: 'feat(dashboards): add the weekly dashboard', branch: 'feature/weekly', files: { 'resources/dashboards.yml': 'dashboards: {}\n' } });
    await octokit.rest.pulls.merge({ owner: 'acme', repo: 'sales-bundle', pull_number: feature.number, merge_method: 'squash', sha: feature.headSha, commit_title: feature.title });
    const preview = await previewRelease(snapshotOf(github.repo), () => {});
    expect(preview).toMatchObject({ current: '1.2.3', next: '1.3.0', tag: 'v1.3.0' });
    expect(preview.changelog).toContain('* **dashboards:** add the weekly dashboard');

    const opened = await (await releasePlease()).createPullRequests();
    expect(opened).toHaveLength(1);
    const releasePull = github.repo.pulls.find((p) => p.number === opened[0]?.number);
    expect(releasePull).toMatchObject({ title: 'chore(main): release 1.3.0', labels: ['autorelease: pending'], headRef: 'release-please--branches--main' });
    const branchFiles = github.repo.files(github.repo.branchSha('release-please--branches--main'));
    expect(branchFiles.get('version.txt')).toBe('1.3.0\n');
    expect(branchFiles.get('.release-please-manifest.json')).toContain('"1.3.0"');
    expect(branchFiles.get('CHANGELOG.md')).toContain(preview.changelog);

    const merge = await octokit.rest.pulls.merge({ owner: 'acme', repo: 'sales-bundle', pull_number: releasePull?.number ?? 0, merge_method: 'squash', sha: releasePull?.headSha });
    const releases = await (await releasePlease()).createReleases();
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ tagName: preview.tag, version: preview.next, sha: merge.data.sha });
    expect(github.repo.tagOf('v1.3.0')).toBe(merge.data.sha);
    expect(github.repo.releases.at(-1)?.body).toBe(preview.changelog);
    expect(releasePull?.labels).toEqual(['autorelease: tagged']);
    expect(github.graphqlErrors).toEqual([]);
    expect(github.failures).toEqual([]);
  });

  it('answers a query that is not valid against GitHub\'s schema with the validation error', async () => {
    await expect(octokit.graphql('query { repository(owner: "acme", name: "sales-bundle") { noSuchField } }')).rejects.toThrow(/Cannot query field "noSuchField" on type "Repository"/);
  });

  it('refuses a squash merge pinned to a SHA the head has moved from (409)', async () => {
    const pull = github.repo.openPull({ title: 'fix: a', branch: 'fix/a', files: { 'a.txt': '1' } });
    const stale = pull.headSha;
    github.repo.commitFiles('fix/a', 'fix: more', { 'a.txt': '2' });
    await expect(octokit.rest.pulls.merge({ owner: 'acme', repo: 'sales-bundle', pull_number: pull.number, merge_method: 'squash', sha: stale })).rejects.toMatchObject({ status: 409 });
    expect(pull.merged).toBe(false);
  });

  it('squash-merges a branch forked before main moved on as GitHub does: only the branch\'s changes, main\'s later commits kept', async () => {
    const repo = github.repo;
    const forkedFrom = repo.branchSha('main');
    const branch = repo.putCommit('feat: monthly summary', repo.putTree(new Map([...repo.trees.get(repo.commit(forkedFrom).tree) ?? []].concat([['monthly.sql', repo.putBlob('SELECT 2\n')]]))), [forkedFrom]);
    repo.refs.set('heads/feat/monthly', branch.sha);
    repo.commitFiles('main', 'chore(main): release 1.3.0', { '.release-please-manifest.json': '{\n  ".": "1.3.0"\n}\n' });
    // Opened after main moved: GitHub's base.sha is main's head then, not where the branch forked.
    const pull = repo.createPull({ title: 'feat: monthly summary', headRef: 'feat/monthly', headSha: branch.sha, baseRef: 'main', baseSha: repo.branchSha('main') });
    const files = await octokit.rest.pulls.listFiles({ owner: 'acme', repo: 'sales-bundle', pull_number: pull.number });
    expect(files.data.map((f) => f.filename)).toEqual(['monthly.sql']);
    await octokit.rest.pulls.merge({ owner: 'acme', repo: 'sales-bundle', pull_number: pull.number, merge_method: 'squash', sha: pull.headSha });
    const merged = repo.files(repo.branchSha('main'));
    expect(merged.get('.release-please-manifest.json')).toContain('1.3.0');
    expect(merged.get('monthly.sql')).toBe('SELECT 2\n');
  });
});
