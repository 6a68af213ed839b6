import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedText } from '../../../src/core/release/comments.js';
import { aftermath, releaseRequest } from '../../fakes/github/scenario.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { checkout, releaseInProcess, useReleasedRepository, workflowEnv } from './run-release.js';

const fake = useReleasedRepository();
const teams = new WebhookReceiver();
beforeAll(() => teams.start());
afterAll(() => teams.stop());
beforeEach(() => teams.reset());

/** A /release with Teams configured; `run` is one run of the ChatOps workflow for it. */
function scene() {
  const github = fake();
  const { pull, trigger, event } = releaseRequest(github.repo);
  const env = { ...workflowEnv(github, event), DATAOPS_TEAMS_WEBHOOK_URL: teams.url(`/workflows/${randomUUID()}`) };
  return { github, repo: github.repo, pull, trigger, run: () => releaseInProcess([], env, checkout()) };
}

describe('dataops release after a failure', () => {
  it('comments the failure with the step and the run, reacts 👎, tells Teams, and a re-run continues from there', async () => {
    const { github, repo, pull, trigger, run } = scene();
    github.fail('POST', /\/actions\/workflows\/production\.yml\/dispatches$/, { status: 422, body: { message: "Workflow does not have 'workflow_dispatch' trigger" } });

    const first = await run();
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('the fast track failed at "dispatch"');
    let after = aftermath(repo, pull, trigger);
    expect(after.merged).toBe(true);
    expect(repo.releases.map((r) => r.tagName)).toEqual(['v1.2.3', 'v1.3.0']);
    expect(after.dispatches).toEqual([]);
    expect(after.comments).toHaveLength(2);
    expect(after.comments[1]).toContain(seedText('Failed'));
    expect(after.comments[1]).toContain('Failed step: **start the production workflow**');
    expect(after.comments[1]).toContain("Workflow does not have 'workflow_dispatch' trigger");
    expect(after.comments[1]).toContain('Run: https://github.com/acme/sales-bundle/actions/runs/4242/attempts/1');
    expect(after.reactions).toEqual(['eyes', '-1']);
    expect(JSON.stringify(teams.payloads()[0])).toContain('❌ Fast-Track Release Failed');

    const merges = () => github.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/merge')).length;
    const mergesBefore = merges();
    const second = await run();
    expect(second.code).toBe(0);
    after = aftermath(repo, pull, trigger);
    expect(merges()).toBe(mergesBefore);
    expect(repo.releases.map((r) => r.tagName)).toEqual(['v1.2.3', 'v1.3.0']);
    expect(after.dispatches).toEqual([expect.objectContaining({ inputs: { tag: 'v1.3.0' } })]);
    expect(after.comments).toHaveLength(3);
    expect(after.comments[2]).toContain(seedText('Succeeded'));
    expect(after.reactions.slice(2)).toEqual(['eyes', 'rocket']);
  });

  it('resumes with the release pull request when merging it failed', async () => {
    const { github, repo, pull, trigger, run } = scene();
    // Pull request 1 is the feature; release-please opens 2.
    github.fail('PUT', /\/pulls\/2\/merge$/, { status: 405, body: { message: 'Required status check "lint" is expected.' } });

    const first = await run();
    expect(first.code).toBe(1);
    expect(aftermath(repo, pull, trigger).comments[1]).toContain('Failed step: **merge the release pull request**');
    expect(repo.pull(2)).toMatchObject({ state: 'open', merged: false });
    expect(repo.tagOf('v1.3.0')).toBeUndefined();

    const second = await run();
    expect(second.code).toBe(0);
    expect(repo.pull(2)).toMatchObject({ merged: true, labels: ['autorelease: tagged'] });
    expect(repo.tagOf('v1.3.0')).toBe(repo.pull(2)?.mergeCommitSha);
    expect(repo.pulls).toHaveLength(2);
    expect(aftermath(repo, pull, trigger).dispatches).toHaveLength(1);
  });

  it('refuses after the Start comment when the head moves between the checks and the merge (409), merging nothing', async () => {
    const { github, repo, pull, trigger, run } = scene();
    github.fail('PUT', /\/pulls\/1\/merge$/, { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.' } });
    const result = await run();
    expect(result.code).toBe(1);
    const after = aftermath(repo, pull, trigger);
    expect(after.merged).toBe(false);
    expect(after.comments[0]).toContain(seedText('Started'));
    expect(after.comments[1]).toContain('Failed step: **merge the pull request**');
    expect(after.comments[1]).toContain(`the head of #1 moved away from ${pull.headSha.slice(0, 7)}`);
    expect(after.dispatches).toEqual([]);
    expect(repo.releases).toHaveLength(1);
  });

  it('merges a pull request that releases nothing (docs:), then says so in the Failure comment (exit 1)', async () => {
    const github = fake();
    const { pull, trigger, event } = releaseRequest(github.repo, { feature: { title: 'docs: explain the targets' } });
    const result = await releaseInProcess([], workflowEnv(github, event), checkout());
    expect(result.code).toBe(1);
    const after = aftermath(github.repo, pull, trigger);
    expect(after.merged).toBe(true);
    expect(after.comments[1]).toContain('release-please found nothing to release');
    expect(after).toMatchObject({ tags: ['v1.2.3'], dispatches: [] });
  });
});
