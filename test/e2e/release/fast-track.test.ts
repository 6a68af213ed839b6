import { describe, expect, it } from 'vitest';
import { seedText } from '../../../src/core/release/comments.js';
import { aftermath, issueCommentEvent, releaseRequest } from '../../fakes/github/scenario.js';
import { dataopsAsync } from '../../helpers/binary.js';
import { checkout, TOKEN, useReleasedRepository, withoutMasks, workflowEnv } from '../../unit/release/run-release.js';

const fake = useReleasedRepository();

describe('dataops release (built binary, GITHUB_API_URL at the fake GitHub)', () => {
  it('carries a feature from /release to a dispatched production run, with the Start and Complete comments', async () => {
    const { repo } = fake();
    const { pull, trigger, event } = releaseRequest(repo);
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(fake(), event) });

    expect(result.stderr).toContain('released v1.3.0');
    expect(result.code).toBe(0);
    expect(withoutMasks(result.stdout + result.stderr)).not.toContain(TOKEN);
    const after = aftermath(repo, pull, trigger);
    expect(after.merged).toBe(true);
    expect(after.tags).toEqual(['v1.2.3', 'v1.3.0']);
    expect(repo.releases.at(-1)?.body).toContain('add the weekly dashboard');
    expect(repo.pulls.find((p) => p.title === 'chore(main): release 1.3.0')).toMatchObject({ merged: true, labels: ['autorelease: tagged'] });
    expect(after.dispatches).toEqual([expect.objectContaining({ workflow: 'production.yml', ref: 'main', inputs: { tag: 'v1.3.0' } })]);
    // release-please's own note ("Created releases") goes on its pull request, not this one.
    expect(after.comments.map((body) => body.split('\n')[0])).toEqual([seedText('Started'), seedText('Succeeded')]);
    expect(after.reactions).toEqual(['eyes', 'rocket']);
    expect(fake().failures).toEqual([]);
  });

  it('releases the head `/release <sha>` names, pinned to it, though no check suite dates it', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger } = releaseRequest(repo);
    const head = pull.headSha;
    trigger.body = `/release ${head.toUpperCase()}`;
    repo.checkSuites.splice(0, repo.checkSuites.length);
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(github, issueCommentEvent(repo, trigger)) });
    expect(result.stderr).toContain(`✔ Head unchanged         ${head.slice(0, 7)} is the commit the comment names`);
    expect(result.code).toBe(0);
    expect(aftermath(repo, pull, trigger).merged).toBe(true);
    const merge = github.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/pulls/${pull.number}/merge`));
    expect(merge?.body).toMatchObject({ sha: head, merge_method: 'squash' });
  });

  it('comments the Failure with the step, and a re-run resumes to Complete', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger, event } = releaseRequest(repo);
    const env = workflowEnv(github, event);
    github.fail('POST', /\/dispatches$/, { status: 404, body: { message: 'Not Found' } });
    const failed = await dataopsAsync(['release'], { cwd: checkout(), env });
    expect(failed.code).toBe(3);
    expect(aftermath(repo, pull, trigger).comments[1]).toContain(`${seedText('Failed')}\n\n- Failed step: **start the production workflow**`);

    const resumed = await dataopsAsync(['release'], { cwd: checkout(), env });
    expect(resumed.code).toBe(0);
    const after = aftermath(repo, pull, trigger);
    expect(after.comments.map((body) => body.split('\n')[0])).toEqual([seedText('Started'), seedText('Failed'), seedText('Succeeded')]);
    expect(after.reactions).toEqual(['eyes', '-1', 'eyes', 'rocket']);
    expect(after.dispatches).toHaveLength(1);
  });

  it('refuses a read-only collaborator with a comment and exit code 1, merging nothing', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger, event } = releaseRequest(repo, { user: 'rita', permission: 'read' });
    const result = await dataopsAsync(['release', '--json'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'refused' });
    const after = aftermath(repo, pull, trigger);
    expect(after).toMatchObject({ merged: false, tags: ['v1.2.3'], dispatches: [], reactions: ['confused'] });
    expect(after.comments[0]).toContain('@rita has read permission on acme/sales-bundle');
  });

  it('--dry-run lists the gates and the plan and writes nothing', async () => {
    const github = fake();
    const { event } = releaseRequest(github.repo, { permission: 'admin' });
    const result = await dataopsAsync(['release', '--dry-run', '--workflow', 'deploy-prod.yml', '--ref', 'release'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('✔ Permission');
    expect(result.stderr).toContain('start deploy-prod.yml on release with the tag');
    expect(github.writes()).toEqual([]);
  });
});
