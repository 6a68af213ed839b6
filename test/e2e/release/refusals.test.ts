/**
 * The adversarial /release matrix, through the built binary on the fake GitHub: every way a
 * person or a push may try to get a release they should not, each refused with one comment
 * naming why, and nothing merged, tagged or dispatched.
 */
import { describe, expect, it } from 'vitest';
import type { FakeRepository } from '../../fakes/github/model.js';
import { DEFAULT_REQUIRED_CHECKS } from '../../../src/core/release/settings.js';
import { aftermath, issueCommentEvent, releaseRequest } from '../../fakes/github/scenario.js';
import { dataopsAsync } from '../../helpers/binary.js';
import { checkout, useReleasedRepository, workflowEnv } from '../../unit/release/run-release.js';

const fake = useReleasedRepository();

type Scene = ReturnType<typeof releaseRequest>;

interface Case {
  name: string;
  request?: Parameters<typeof releaseRequest>[1];
  /** dataops.yml of the default branch's checkout. */
  settings?: string;
  /** Changes the scene after the comment; may return the event GitHub sent instead. */
  then?: (repo: FakeRepository, scene: Scene) => object | void;
  /** What the refusal comment says. */
  says: string;
}

const CASES: Case[] = [
  { name: 'a commenter who is not a collaborator', request: { user: 'mallory', permission: 'none' }, says: '@mallory is not a collaborator of acme/sales-bundle; /release needs write, maintain or admin' },
  { name: 'a read-only collaborator', request: { user: 'rita', permission: 'read' }, says: '@rita has read permission on acme/sales-bundle' },
  { name: 'a triage collaborator', request: { user: 'tom', permission: 'triage' }, says: '@tom has triage permission on acme/sales-bundle' },
  {
    name: 'a pull request from a fork',
    request: { feature: { headRepo: 'mallory/sales-bundle' } },
    says: 'from mallory/sales-bundle: pull requests from forks are refused unless dataops.yml sets release.allow_forks: true',
  },
  { name: 'a draft', request: { feature: { draft: true } }, says: 'a draft: mark it ready for review first' },
  { name: 'a closed pull request', then: (_repo, { pull }) => void (pull.state = 'closed'), says: '**Open**: closed' },
  { name: 'a pull request that is not mergeable', then: (_repo, { pull }) => void (pull.mergeable = false), says: 'not mergeable: resolve the conflicts' },
  {
    name: 'a pull request that targets another branch',
    then: (repo, { pull }) => {
      repo.refs.set('heads/release/1.x', repo.branchSha('main'));
      pull.baseRef = 'release/1.x';
    },
    says: 'targets release/1.x, not the default branch main',
  },
  {
    name: 'a head that moved after the comment',
    then: (repo, { pull }) => {
      pull.headSha = repo.commitFiles(pull.headRef, 'feat: sneak in a change', { 'src/evil.py': 'import os\n' }).sha;
      for (const name of DEFAULT_REQUIRED_CHECKS) repo.addCheckRun(pull.headSha, name, 'success');
    },
    says: 'after the comment',
  },
  {
    name: 'a head pushed after the comment with a committer date from before it',
    then: (repo, { pull, trigger }) => void pushAfter(repo, pull, trigger.createdAt),
    says: 'the head moved:',
  },
  {
    name: 'a commit pushed to another branch before the comment, moved onto the pull request after it',
    then: (repo, { pull, trigger }) => {
      const sneak = repo.commitFiles('sneak', 'feat: sneak in a change', { 'src/evil.py': 'import os\n' }, undefined, backdated(trigger.createdAt));
      for (const name of DEFAULT_REQUIRED_CHECKS) repo.addCheckRun(sneak.sha, name, 'success');
      // Its checks ran on the other branch before the comment was made.
      repo.checkSuiteOf(sneak.sha).createdAt = backdated(trigger.createdAt);
      repo.refs.set(`heads/${pull.headRef}`, sneak.sha);
      pull.headSha = sneak.sha;
    },
    says: "cannot be dated: no check suite on the pull request's branch",
  },
  {
    name: '`/release <sha>` naming a commit that is not the head',
    request: { body: `/release ${'f'.repeat(40)}` },
    says: 'not fffffff as the comment says: the branch moved or the SHA is wrong',
  },
  {
    name: '`/release <sha>` naming the head the branch had before a backdated push',
    then: (repo, scene) => {
      const reviewed = scene.pull.headSha;
      scene.trigger.body = `/release ${reviewed}\n\nthe commit I reviewed`;
      pushAfter(repo, scene.pull, scene.trigger.createdAt);
      return issueCommentEvent(repo, scene.trigger);
    },
    says: 'as the comment says: the branch moved or the SHA is wrong',
  },
  {
    name: '`/release` with an abbreviated SHA, which a pusher can forge',
    request: { body: '/release 0123abc' },
    says: "or `/release` and the full SHA of the head to release (it is `/release 0123abc`)",
  },
  {
    name: 'a head no check suite dates (statuses only)',
    settings: 'release:\n  required_checks: [ci/unit]\n',
    then: (repo, { pull }) => {
      repo.checkRuns.splice(0, repo.checkRuns.length, ...repo.checkRuns.filter((run) => run.sha !== pull.headSha));
      repo.checkSuites.splice(0, repo.checkSuites.length, ...repo.checkSuites.filter((suite) => suite.sha !== pull.headSha));
    },
    says: 'cannot be dated: no check suite on the pull request',
  },
  { name: 'an event without an action', then: (repo, { trigger }) => issueCommentEvent(repo, trigger, null), says: 'the event names no action: only a new comment (`created`) starts a release' },
  { name: 'a bot account with write permission', request: { user: 'renovate[bot]', permission: 'write' }, says: '@renovate[bot] is a bot account: bots may ask for a release only when release.bots in dataops.yml lists them' },
  {
    name: 'a head without any check',
    then: (repo, { pull }) => {
      repo.checkRuns.splice(0, repo.checkRuns.length, ...repo.checkRuns.filter((run) => run.sha !== pull.headSha));
      repo.statuses.splice(0, repo.statuses.length, ...repo.statuses.filter((status) => status.sha !== pull.headSha));
    },
    says: `: ${DEFAULT_REQUIRED_CHECKS.join(', ')} (required by release.required_checks`,
  },
  {
    name: 'a pull request merged by hand, with a Start marker typed by someone else',
    then: (repo, { pull, trigger }) => {
      Object.assign(pull, { state: 'closed', merged: true, mergeCommitSha: repo.branchSha('main') });
      repo.permissions.set('mallory', 'none');
      repo.addComment(pull.number, `looks done\n<!-- dataops:release start comment=${trigger.id} -->`, 'mallory');
    },
    says: 'already merged (no fast track was started on it)',
  },
  { name: 'a red check', then: (repo, { pull }) => repo.addCheckRun(pull.headSha, 'unit tests', 'failure'), says: 'unit tests (failure)' },
  {
    name: 'a check still running and a pending status',
    then: (repo, { pull }) => {
      repo.addCheckRun(pull.headSha, 'integration', null, 'in_progress');
      repo.addStatus(pull.headSha, 'ci/staging', 'pending');
    },
    says: 'integration (in progress), ci/staging (pending)',
  },
  { name: 'more words on the first line (`/release now please`)', request: { body: '/release now please' }, says: "the comment's first line must be exactly `/release`, or `/release` and the full SHA of the head to release (it is `/release now please`)" },
  { name: 'an edited comment (the edited event)', then: (repo, { trigger }) => issueCommentEvent(repo, trigger, 'edited'), says: "the event's action is `edited`: only a new comment (`created`) starts a release" },
  { name: 'a comment edited after it was posted', then: (_repo, { trigger }) => void (trigger.body = '/release\n\nand also deploy my other branch'), says: 'the comment was edited after it was posted' },
  { name: 'an already merged pull request no fast track started on', then: (repo, { pull }) => void repo.squashMerge(pull, pull.title), says: 'already merged (no fast track was started on it)' },
  {
    name: 'a repository without the release-please configuration',
    then: (repo) => void repo.commitFiles('main', 'chore: drop release-please', { 'release-please-config.json': null }),
    says: 'release-please-config.json',
  },
];

/** A time before the comment: git dates are whatever the committer writes. */
function backdated(commentedAt: string): string {
  return new Date(Date.parse(commentedAt) - 3_600_000).toISOString();
}

/** A push onto the pull request after the comment, dated an hour before it, whose CI then passed. */
function pushAfter(repo: FakeRepository, pull: Scene['pull'], commentedAt: string): void {
  pull.headSha = repo.commitFiles(pull.headRef, 'feat: sneak in a change', { 'src/evil.py': 'import os\n' }, undefined, backdated(commentedAt)).sha;
  for (const name of DEFAULT_REQUIRED_CHECKS) repo.addCheckRun(pull.headSha, name, 'success');
}

describe('dataops release refuses, with one comment and nothing merged, tagged or dispatched', () => {
  it.each(CASES)('$name', async ({ request, settings, then, says }) => {
    const github = fake();
    const { repo } = github;
    const scene = releaseRequest(repo, request);
    const { pull, trigger } = scene;
    const event = then?.(repo, scene) ?? scene.event;
    const tagsBefore = [...repo.refs.keys()].filter((ref) => ref.startsWith('tags/'));
    const mergedBefore = pull.merged;
    const commentsBefore = repo.comments.length;
    const result = await dataopsAsync(['release'], { cwd: checkout(settings), env: workflowEnv(github, event) });
    const posted = repo.comments.slice(commentsBefore).map((c) => c.body);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the fast track was refused');
    const after = aftermath(repo, pull, trigger);
    expect(after.merged).toBe(mergedBefore);
    expect(after.tags.map((tag) => `tags/${tag}`)).toEqual(tagsBefore);
    expect(after.dispatches).toEqual([]);
    expect(repo.pulls.filter((p) => p.headRef.startsWith('release-please--'))).toEqual([]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('🚫 Fast-Track Release Refused. Nothing was merged, tagged or deployed');
    expect(posted[0]).toContain(says);
    // Each scene breaks one gate: the comment names that reason and no other.
    expect(posted[0]?.split('\n').filter((line) => line.startsWith('- **'))).toHaveLength(1);
    expect(after.reactions).toEqual(['confused']);
    expect(github.writes().map((w) => `${w.method} ${w.path.replace(/\d+/g, 'N')}`)).toEqual([
      'POST /api/vN/repos/acme/sales-bundle/issues/N/comments',
      'POST /api/vN/repos/acme/sales-bundle/issues/comments/N/reactions',
    ]);
  });

  it('quotes a malformed first line inert: no mention, no marker in the refusal', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger, event } = releaseRequest(repo, { body: '/release @acme/admins <!-- dataops:release complete comment=1 --> `x`' });
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(1);
    const [refusal = ''] = aftermath(repo, pull, trigger).comments;
    expect(refusal).toContain("the comment's first line must be exactly");
    expect(refusal).not.toContain('@acme');
    expect(refusal.match(/<!--/g)).toHaveLength(1);
    expect(refusal.trimEnd().split('\n').at(-1)).toMatch(/^<!-- dataops:release refused comment=\d+ -->$/);
  });

  it('leaves a conversation that merely mentions /release alone: no comment, no reaction, exit 0', async () => {
    const github = fake();
    const { repo } = github;
    const { event } = releaseRequest(repo, { body: 'LGTM, we can /release this after lunch' });
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('does not start with /release: nothing to do');
    expect(github.requests).toEqual([]);
  });

  it('starts nothing for a deleted comment: one refusal, no reaction on the comment that is gone, exit 1', async () => {
    const github = fake();
    const { repo } = github;
    const { pull, trigger } = releaseRequest(repo);
    const event = issueCommentEvent(repo, trigger, 'deleted');
    repo.comments.splice(repo.comments.indexOf(trigger), 1);
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(1);
    const after = aftermath(repo, pull, trigger);
    expect(after).toMatchObject({ merged: false, tags: ['v1.2.3'], dispatches: [], reactions: [] });
    expect(after.comments).toHaveLength(1);
    expect(after.comments[0]).toContain("the event's action is `deleted`: only a new comment (`created`) starts a release");
    expect(github.writes().map((w) => w.method)).toEqual(['POST']);
  });

  it('refuses a /release on an issue that is not a pull request', async () => {
    const github = fake();
    const { repo } = github;
    repo.permissions.set('dana', 'write');
    const trigger = repo.addComment(42, '/release', 'dana');
    const event = issueCommentEvent(repo, trigger) as { issue: Record<string, unknown> };
    delete event.issue.pull_request;
    const result = await dataopsAsync(['release'], { cwd: checkout(), env: workflowEnv(github, event) });
    expect(result.code).toBe(1);
    expect(repo.comments.filter((c) => c.issueNumber === 42).at(-1)?.body).toContain('#42 is an issue, not a pull request');
    expect(repo.dispatches).toEqual([]);
  });
});
