import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakePull, FakeRepository } from '../../fakes/github/model.js';
import { commentBy, greenFeature, issueCommentEvent } from '../../fakes/github/scenario.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { checkout, releaseInProcess, releasePleaseOn, startReleasedRepository, stopFakeGitHub, TOKEN, workflowEnv } from './run-release.js';

const running: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(stopFakeGitHub));
});

/** Two changes since 1.2.3 on main already, then the feature pull request under test. */
async function repositoryWithHistory(): Promise<{ github: FakeGitHub; pull: FakePull }> {
  const github = await startReleasedRepository();
  running.push(github);
  github.repo.commitFiles('main', 'fix(jobs): retry the ingest task', { 'resources/jobs.yml': 'jobs: {}\n' });
  github.repo.commitFiles('main', 'docs: explain the targets', { 'README.md': '# sales\n' });
  return { github, pull: greenFeature(github.repo, { title: 'feat(dashboards)!: weekly dashboard replaces the daily one' }) };
}

/** What a release leaves behind, with commit SHAs (which differ between two repositories) masked. */
function released(repo: FakeRepository) {
  const main = repo.files(repo.branchSha('main'));
  const release = repo.releases.at(-1);
  const mask = (text: string | undefined): string => (text ?? '').replace(/\b[0-9a-f]{40}\b/g, '<sha>').replace(/\b[0-9a-f]{7}\b/g, '<short>');
  return {
    tag: release?.tagName,
    tagIsOnMain: repo.tagOf(release?.tagName ?? '') === repo.branchSha('main'),
    manifest: main.get('.release-please-manifest.json'),
    releaseNotes: mask(release?.body),
    changelog: mask(main.get('CHANGELOG.md')),
  };
}

describe('the fast track and the standard release-please path', () => {
  it('produce the same version, changelog and tag for the same commits', async () => {
    const fast = await repositoryWithHistory();
    const event = issueCommentEvent(fast.github.repo, commentBy(fast.github.repo, fast.pull, 'dana', 'write'));
    expect((await releaseInProcess([], workflowEnv(fast.github, event), checkout())).code).toBe(0);

    // The standard path: squash-merge with the title, release-please's action opens its pull
    // request, a person merges it, release-please's action tags the release.
    const standard = await repositoryWithHistory();
    const octokit = new Octokit({ auth: TOKEN, baseUrl: standard.github.apiUrl });
    const where = { owner: 'acme', repo: 'sales-bundle' };
    await octokit.rest.pulls.merge({ ...where, pull_number: standard.pull.number, merge_method: 'squash', commit_title: standard.pull.title });
    const [releasePull] = await (await releasePleaseOn(standard.github)).createPullRequests();
    await octokit.rest.pulls.merge({ ...where, pull_number: releasePull?.number ?? 0, merge_method: 'squash', commit_title: releasePull?.title });
    await (await releasePleaseOn(standard.github)).createReleases();

    const viaFastTrack = released(fast.github.repo);
    expect(viaFastTrack).toEqual(released(standard.github.repo));
    // bump-minor-pre-major applies below 1.0 only: from 1.2.3 a breaking change makes 2.0.0.
    expect(viaFastTrack).toMatchObject({ tag: 'v2.0.0', tagIsOnMain: true, manifest: '{\n  ".": "2.0.0"\n}\n' });
    expect(viaFastTrack.releaseNotes).toContain('weekly dashboard replaces the daily one');
    expect(viaFastTrack.releaseNotes).toContain('retry the ingest task');
  });
});
