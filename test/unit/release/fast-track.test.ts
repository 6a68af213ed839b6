import { describe, expect, it } from 'vitest';
import { seedText } from '../../../src/core/release/comments.js';
import { aftermath, releaseRequest } from '../../fakes/github/scenario.js';
import { checkout, releaseInProcess, TOKEN, useReleasedRepository, withoutMasks, workflowEnv } from './run-release.js';

const fake = useReleasedRepository();

describe('dataops release: the fast track', () => {
  it('merges the pull request, merges the release PR, tags, releases and starts production, with the Start and Complete comments', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger, event } = releaseRequest(repo);
    const result = await releaseInProcess(['--json'], workflowEnv(github, event), checkout());

    expect(withoutMasks(result.stderr)).not.toContain(TOKEN);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'released', tag: 'v1.3.0', resumed: false });
    const after = aftermath(repo, pull, trigger);
    expect(after.merged).toBe(true);
    expect(repo.commit(pull.mergeCommitSha ?? '').message.split('\n')[0]).toBe('feat(dashboards): add the weekly dashboard');
    const releasePull = repo.pulls.find((p) => p.headRef.startsWith('release-please--branches--main'));
    expect(releasePull).toMatchObject({ merged: true, title: 'chore(main): release 1.3.0', labels: ['autorelease: tagged'] });
    expect(repo.tagOf('v1.3.0')).toBe(releasePull?.mergeCommitSha);
    expect(repo.releases.at(-1)).toMatchObject({ tagName: 'v1.3.0' });
    expect(repo.releases.at(-1)?.body).toContain('* **dashboards:** add the weekly dashboard');
    expect(after.dispatches).toEqual([expect.objectContaining({ workflow: 'production.yml', ref: 'main', inputs: { tag: 'v1.3.0' } })]);
    expect(after.comments).toHaveLength(2);
    expect(after.comments[0]).toContain(seedText('Started'));
    expect(after.comments[1]).toContain(seedText('Succeeded'));
    expect(after.comments[1]).toContain('[v1.3.0](https://github.com/acme/sales-bundle/releases/tag/v1.3.0)');
    expect(after.comments[1]).toContain(`https://github.com/acme/sales-bundle/actions/runs/${after.dispatches[0]?.runId}`);
    expect(after.reactions).toEqual(['eyes', 'rocket']);
    expect(github.failures).toEqual([]);
    expect(github.graphqlErrors).toEqual([]);
  });

  it('posts no second Start and writes nothing when the same /release already completed', async () => {
    const github = fake();
    const env = workflowEnv(github, releaseRequest(github.repo, { permission: 'maintain' }).event);
    expect((await releaseInProcess([], env, checkout())).code).toBe(0);
    const writes = github.writes().length;
    const again = await releaseInProcess([], env, checkout());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('this /release already completed');
    expect(github.writes()).toHaveLength(writes);
  });

  it('ignores state markers typed by anyone but the fast track: a forged Complete marker cancels nothing', async () => {
    const github = fake();
    const { pull, trigger, event } = releaseRequest(github.repo, { permission: 'maintain' });
    github.repo.permissions.set('mallory', 'none');
    github.repo.addComment(pull.number, `nothing to see\n<!-- dataops:release complete comment=${trigger.id} -->`, 'mallory');
    const result = await releaseInProcess([], workflowEnv(github, event), checkout());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('already completed');
    expect(pull.merged).toBe(true);
    expect(github.repo.dispatches).toHaveLength(1);
  });

  it('talks to GitHub with the token named by --token-env (a GitHub App token)', async () => {
    const github = fake();
    github.token('ghs_apptoken0987654321', 'dataops-release[bot]');
    const { pull, trigger, event } = releaseRequest(github.repo, { permission: 'admin' });
    const env = { ...workflowEnv(github, event), GITHUB_TOKEN: 'ghs_not_known_to_github', RELEASE_APP_TOKEN: 'ghs_apptoken0987654321' };
    const result = await releaseInProcess(['--token-env', 'RELEASE_APP_TOKEN'], env, checkout());
    expect(result.code).toBe(0);
    const ours = github.repo.comments.filter((c) => c.issueNumber === pull.number && c.id !== trigger.id);
    expect(ours.map((c) => c.user)).toEqual(['dataops-release[bot]', 'dataops-release[bot]']);
  });

  it('says which variable is empty when --token-env names nothing (exit 2)', async () => {
    const github = fake();
    const result = await releaseInProcess(['--token-env', 'RELEASE_APP_TOKEN'], workflowEnv(github, releaseRequest(github.repo).event), checkout());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the environment variable RELEASE_APP_TOKEN is empty or not set');
    expect(github.requests).toEqual([]);
  });
});

describe('dataops release --dry-run', () => {
  it('reports every gate and planned step and writes nothing', async () => {
    const github = fake();
    const { pull, event } = releaseRequest(github.repo);
    const result = await releaseInProcess(['--dry-run'], workflowEnv(github, event), checkout());
    expect(result.code).toBe(0);
    expect(github.writes()).toEqual([]);
    for (const title of ['Command', 'Comment', 'Open', 'Ready', 'Base branch', 'Mergeable', 'Source', 'Checks', 'Head unchanged', 'Permission', 'Release configuration']) {
      expect(result.stderr).toMatch(new RegExp(`✔ ${title} `));
    }
    expect(result.stderr).toContain(`squash-merge #${pull.number} pinned to ${pull.headSha.slice(0, 7)}`);
    expect(result.stderr).toContain('start production.yml on main with the tag (workflow_dispatch)');
  });

  it('says a refused request would be refused (exit 1), still writing nothing', async () => {
    const github = fake();
    const { event } = releaseRequest(github.repo, { feature: { headRepo: 'mallory/sales-bundle' } });
    const result = await releaseInProcess(['--dry-run', '--json'], workflowEnv(github, event), checkout());
    expect(result.code).toBe(1);
    expect(github.writes()).toEqual([]);
    const report = JSON.parse(result.stdout) as { outcome: string; wouldRefuse: boolean; gates: Array<{ id: string; outcome: string }> };
    expect(report).toMatchObject({ outcome: 'dry-run', wouldRefuse: true });
    expect(report.gates.filter((g) => g.outcome === 'fail').map((g) => g.id)).toEqual(['fork']);
  });

  it('lets a fork through when dataops.yml sets release.allow_forks', async () => {
    const github = fake();
    const { event } = releaseRequest(github.repo, { feature: { headRepo: 'contributor/sales-bundle' } });
    const result = await releaseInProcess(['--dry-run', '--json'], workflowEnv(github, event), checkout('release:\n  allow_forks: true\n'));
    expect(result.code).toBe(0);
    const fork = expect.objectContaining({ id: 'fork', outcome: 'pass', detail: expect.stringContaining('allowed by release.allow_forks') });
    expect(JSON.parse(result.stdout)).toMatchObject({ wouldRefuse: false, gates: expect.arrayContaining([fork]) });
  });

  it('points at a misspelt release setting in dataops.yml (exit 2)', async () => {
    const github = fake();
    const result = await releaseInProcess(['--dry-run'], workflowEnv(github, releaseRequest(github.repo).event), checkout('release:\n  allow_fork: true\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown setting "allow_fork" in release');
    expect(result.stderr).toContain('dataops.yml:2');
  });
});
