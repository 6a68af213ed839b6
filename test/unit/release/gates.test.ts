import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import type { ReleaseFacts } from '../../../src/core/release/facts.js';
import { evaluateGates, refused } from '../../../src/core/release/gates.js';
import { matchCommand, triggerOfEvent } from '../../../src/core/release/trigger.js';

const HEAD = 'a'.repeat(40);

function facts(change: Partial<ReleaseFacts> = {}, pull: Partial<NonNullable<ReleaseFacts['pull']>> = {}): ReleaseFacts {
  return {
    trigger: { action: 'created', commentId: 7, body: '/release', commenter: 'dana', commenterType: 'User', createdAt: '2026-02-23T10:00:00Z', issueNumber: 3, onPullRequest: true, repository: 'acme/sales' },
    repository: 'acme/sales',
    defaultBranch: 'main',
    liveCommentBody: '/release',
    pull: { number: 3, title: 'fix: x', state: 'open', draft: false, merged: false, mergeCommitSha: null, mergeable: true, baseRef: 'main', headSha: HEAD, headRepository: 'acme/sales', headPushedAt: '2026-02-23T09:59:00Z', ...pull },
    permission: { permission: 'write', role: 'write' },
    checkRuns: [{ name: 'lint', status: 'completed', conclusion: 'success' }],
    statuses: [],
    releaseConfigProblem: null,
    startedBefore: false,
    completedBefore: false,
    allowForks: false,
    allowedBots: [],
    requiredChecks: ['lint'],
    ...change,
  };
}

const failing = (f: ReleaseFacts): string[] => refused(evaluateGates(f)).map((gate) => gate.id);

describe('the /release command', () => {
  it.each([
    ['/release', 'release'],
    ['/release  \r\nship the weekly dashboard', 'release'],
    ['/release\n\nwith notes below', 'release'],
    ['/release now', 'malformed'],
    ['/released', 'malformed'],
    [`/release ${'0123abcd'.repeat(5)}`, 'release'],
    [`/release ${'0123ABCD'.repeat(5)}  \nthe head I reviewed`, 'release'],
    ['/release 0123abc', 'malformed'],
    [`/release ${'0123abcd'.repeat(5)} now`, 'malformed'],
    ['  /release', 'malformed'],
    ['please /release', 'none'],
    ['LGTM\n/release', 'none'],
  ] as const)('%j is %s', (body, expected) => {
    expect(matchCommand(body)).toBe(expected);
  });

  it('reads only issue_comment events', () => {
    expect(() => triggerOfEvent({ pull_request: { number: 1 } })).toThrow(UsageError);
    expect(triggerOfEvent({ action: 'created', comment: { id: 1, body: '/release', created_at: 't', user: { login: 'dana' } }, issue: { number: 2, pull_request: {} } })).toMatchObject({ onPullRequest: true, commenter: 'dana' });
  });

  it('takes no action for created: a payload without one is refused at the Comment gate', () => {
    const trigger = triggerOfEvent({ comment: { id: 1, body: '/release', created_at: 't', user: { login: 'dana' } }, issue: { number: 2, pull_request: {} } });
    expect(trigger.action).toBeUndefined();
    expect(failing(facts({ trigger: { ...facts().trigger, action: undefined } }))).toEqual(['comment']);
    expect(failing(facts({ trigger: { ...facts().trigger, action: 'deleted' } }))).toEqual(['comment']);
  });
});

describe('the gates', () => {
  it('all pass for a fresh /release by a writer on a green, open pull request', () => {
    expect(failing(facts())).toEqual([]);
  });

  it('take maintain from role_name, which the REST permission folds into write', () => {
    expect(failing(facts({ permission: { permission: 'write', role: 'maintain' } }))).toEqual([]);
    expect(failing(facts({ permission: { permission: 'read', role: 'triage' } }))).toEqual(['permission']);
  });

  it('accept a head pushed before the comment, and refuse one pushed at its second or later, or never dated', () => {
    expect(failing(facts({}, { headPushedAt: '2026-02-23T09:59:59Z' }))).toEqual([]);
    expect(failing(facts({}, { headPushedAt: '2026-02-23T10:00:00Z' }))).toEqual(['head']);
    expect(failing(facts({}, { headPushedAt: null }))).toEqual(['head']);
  });

  it('release the head the comment names, and nothing else', () => {
    const named = (sha: string) => facts({ trigger: { ...facts().trigger, body: `/release ${sha}` }, liveCommentBody: `/release ${sha}` }, { headPushedAt: null });
    expect(failing(named(HEAD.toUpperCase()))).toEqual([]);
    expect(failing(named('b'.repeat(40)))).toEqual(['head']);
  });

  it('count neutral and skipped checks as green, and cancelled or timed out as red', () => {
    const runs = (conclusion: string) => [{ name: 'lint', status: 'completed', conclusion }];
    expect(failing(facts({ checkRuns: runs('neutral') }))).toEqual([]);
    expect(failing(facts({ checkRuns: runs('skipped') }))).toEqual([]);
    expect(failing(facts({ checkRuns: runs('cancelled') }))).toEqual(['checks']);
    expect(failing(facts({ checkRuns: runs('timed_out') }))).toEqual(['checks']);
  });

  it('resume a pull request an earlier fast track merged, still checking who asks', () => {
    const merged = { state: 'closed', merged: true, mergeCommitSha: 'b'.repeat(40), mergeable: null, headPushedAt: '2026-02-23T11:00:00Z' } as const;
    expect(failing(facts({ startedBefore: true }, merged))).toEqual([]);
    expect(failing(facts({ startedBefore: false }, merged))).toEqual(['open', 'mergeable', 'head']);
    expect(failing(facts({ startedBefore: true, permission: { permission: 'read', role: 'read' } }, merged))).toEqual(['permission']);
  });

  it('refuse a pull request whose mergeability GitHub has not computed yet', () => {
    expect(failing(facts({}, { mergeable: null }))).toEqual(['mergeable']);
  });
});
