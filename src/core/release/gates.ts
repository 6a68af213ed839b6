import type { ReleaseFacts } from './facts.js';
import { matchCommand, RELEASE_COMMAND, requestedSha } from './trigger.js';

export type GateId = 'command' | 'comment' | 'pull-request' | 'open' | 'draft' | 'base' | 'mergeable' | 'permission' | 'account' | 'fork' | 'checks' | 'head' | 'config';

export interface GateResult {
  id: GateId;
  title: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail: string;
}

const RELEASE_ROLES = new Set(['admin', 'maintain', 'write']);
const GREEN_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);
const SHORT_SHA = 7;

const pass = (id: GateId, title: string, detail: string): GateResult => ({ id, title, outcome: 'pass', detail });
const fail = (id: GateId, title: string, detail: string): GateResult => ({ id, title, outcome: 'fail', detail });
const skip = (id: GateId, title: string, detail: string): GateResult => ({ id, title, outcome: 'skip', detail });

/**
 * Every gate of the fast track, all evaluated so a refusal names every reason at once.
 * A pull request an earlier fast track already merged is a resume: the gates about the
 * code to merge no longer apply, the ones about who asked still do.
 */
export function evaluateGates(facts: ReleaseFacts): GateResult[] {
  return [commandGate(facts), commentGate(facts), ...pullGates(facts), permissionGate(facts), accountGate(facts), configGate(facts)];
}

export function refused(gates: readonly GateResult[]): GateResult[] {
  return gates.filter((gate) => gate.outcome === 'fail');
}

/** True when the pull request is merged and an earlier fast track on it is being continued. */
export function isResume(facts: ReleaseFacts): boolean {
  return facts.pull?.merged === true && facts.startedBefore;
}

function commandGate({ trigger }: ReleaseFacts): GateResult {
  const title = 'Command';
  if (matchCommand(trigger.body) === 'release') {
    const sha = requestedSha(trigger.body);
    return pass('command', title, sha ? `the first line is ${RELEASE_COMMAND} ${sha.slice(0, SHORT_SHA)}` : `the first line is exactly ${RELEASE_COMMAND}`);
  }
  return fail(
    'command',
    title,
    `the comment's first line must be exactly \`${RELEASE_COMMAND}\`, or \`${RELEASE_COMMAND}\` and the full SHA of the head to release (it is ${inert(firstLine(trigger.body))})`,
  );
}

function commentGate({ trigger, liveCommentBody }: ReleaseFacts): GateResult {
  const title = 'Comment';
  if (trigger.action !== 'created') {
    const action = trigger.action === undefined ? 'the event names no action' : `the event's action is ${inert(trigger.action)}`;
    return fail('comment', title, `${action}: only a new comment (\`created\`) starts a release; post a new comment whose first line is ${RELEASE_COMMAND}`);
  }
  if (liveCommentBody === null) return fail('comment', title, 'the comment was deleted before the release started');
  if (liveCommentBody !== trigger.body) return fail('comment', title, `the comment was edited after it was posted: post a new comment whose first line is ${RELEASE_COMMAND}`);
  return pass('comment', title, 'a new comment, unchanged since it was posted');
}

function pullGates(facts: ReleaseFacts): GateResult[] {
  const { pull } = facts;
  const notPull = 'not a pull request';
  if (!pull) {
    return [
      fail('pull-request', 'Pull request', `#${facts.trigger.issueNumber} is an issue, not a pull request`),
      ...(['open', 'draft', 'base', 'mergeable', 'fork', 'checks', 'head'] as const).map((id) => skip(id, titleOf(id), notPull)),
    ];
  }
  const resuming = isResume(facts);
  const done = 'already merged by the fast track started earlier';
  const head = pull.headSha.slice(0, SHORT_SHA);
  return [
    pass('pull-request', 'Pull request', `#${pull.number} ${pull.title}`),
    resuming
      ? pass('open', titleOf('open'), `${done}: continuing where it stopped`)
      : pull.state === 'open'
        ? pass('open', titleOf('open'), 'open')
        : fail('open', titleOf('open'), pull.merged ? 'already merged (no fast track was started on it)' : 'closed'),
    resuming ? skip('draft', titleOf('draft'), done) : pull.draft ? fail('draft', titleOf('draft'), 'a draft: mark it ready for review first') : pass('draft', titleOf('draft'), 'ready for review'),
    pull.baseRef === facts.defaultBranch
      ? pass('base', titleOf('base'), `targets ${facts.defaultBranch}`)
      : fail('base', titleOf('base'), `targets ${pull.baseRef}, not the default branch ${facts.defaultBranch}`),
    resuming ? skip('mergeable', titleOf('mergeable'), done) : mergeableGate(pull.mergeable),
    forkGate(facts),
    resuming ? skip('checks', titleOf('checks'), done) : checksGate(facts, head),
    resuming ? skip('head', titleOf('head'), done) : headGate(facts, head),
  ];
}

function mergeableGate(mergeable: boolean | null): GateResult {
  if (mergeable === true) return pass('mergeable', titleOf('mergeable'), 'mergeable');
  if (mergeable === false) return fail('mergeable', titleOf('mergeable'), 'not mergeable: resolve the conflicts with the base branch first');
  return fail('mergeable', titleOf('mergeable'), 'GitHub has not finished computing whether it can be merged: comment again in a minute');
}

function forkGate({ pull, repository, allowForks }: ReleaseFacts): GateResult {
  const from = pull?.headRepository;
  if (from === repository) return pass('fork', titleOf('fork'), `its branch is in ${repository}`);
  const source = from ?? 'a deleted fork';
  if (allowForks) return pass('fork', titleOf('fork'), `from ${source}, allowed by release.allow_forks in dataops.yml`);
  return fail('fork', titleOf('fork'), `from ${source}: pull requests from forks are refused unless dataops.yml sets release.allow_forks: true`);
}

function checksGate({ checkRuns, statuses, requiredChecks }: ReleaseFacts, head: string): GateResult {
  const reported = new Set([...checkRuns.map((run) => run.name), ...statuses.map((status) => status.context)]);
  const missing = requiredChecks.filter((name) => !reported.has(name));
  const red = [
    ...checkRuns.filter((run) => run.status !== 'completed').map((run) => `${run.name} (${run.status.replace('_', ' ')})`),
    ...checkRuns.filter((run) => run.status === 'completed' && !GREEN_CONCLUSIONS.has(run.conclusion ?? '')).map((run) => `${run.name} (${run.conclusion ?? 'no conclusion'})`),
    ...statuses.filter((status) => status.state !== 'success').map((status) => `${status.context} (${status.state})`),
  ];
  const problems = [
    ...(red.length > 0 ? [`not green on ${head}: ${red.join(', ')}`] : []),
    ...(missing.length > 0 ? [`missing on ${head}: ${missing.join(', ')} (required by release.required_checks in dataops.yml, or the blueprint's Lint jobs by default)`] : []),
  ];
  if (problems.length > 0) return fail('checks', titleOf('checks'), problems.join('; '));
  const count = checkRuns.length + statuses.length;
  if (count === 0) return fail('checks', titleOf('checks'), `no checks or statuses reported on ${head}: set release.required_checks in dataops.yml to the checks that must pass`);
  return pass('checks', titleOf('checks'), `${count} green on ${head}`);
}

/**
 * The head must be one that existed when the comment was made, so nobody can push after a
 * person said /release: the commit the comment names, or a head whose first check suite on the
 * pull request's branch GitHub created before the comment (git's committer date is whatever
 * the pusher wrote). The merge is then pinned to it.
 */
function headGate({ pull, trigger }: ReleaseFacts, head: string): GateResult {
  const title = titleOf('head');
  const sha = pull?.headSha.toLowerCase() ?? '';
  const named = requestedSha(trigger.body);
  if (named !== undefined) {
    if (named === sha) return pass('head', title, `${head} is the commit the comment names`);
    return fail('head', title, `the head is ${head}, not ${named.slice(0, SHORT_SHA)} as the comment says: the branch moved or the SHA is wrong; review the head, then comment ${RELEASE_COMMAND} again`);
  }
  const pushedAt = pull?.headPushedAt ?? null;
  if (pushedAt === null) {
    return fail('head', title, `${head} cannot be dated: no check suite on the pull request's branch shows when it was pushed; comment \`${RELEASE_COMMAND} <full SHA>\` naming the head you reviewed`);
  }
  if (!(Date.parse(pushedAt) < Date.parse(trigger.createdAt))) {
    return fail('head', title, `the head moved: ${head} was pushed at ${pushedAt} (its first check suite), after the comment (${trigger.createdAt}); review the new commits and comment ${RELEASE_COMMAND} again`);
  }
  return pass('head', title, `${head} was pushed at ${pushedAt}, before the comment`);
}

/** The role that lets someone release (write, maintain or admin), or null; `/release` and plan approvals ask the same. */
export function releaseRole(permission: ReleaseFacts['permission']): string | null {
  const role = permission.role && RELEASE_ROLES.has(permission.role) ? permission.role : permission.permission;
  return RELEASE_ROLES.has(role) ? role : null;
}

function permissionGate({ trigger, permission, repository }: ReleaseFacts): GateResult {
  const title = 'Permission';
  const role = releaseRole(permission) ?? permission.permission;
  if (releaseRole(permission)) return pass('permission', title, `@${trigger.commenter} has ${role} permission`);
  const has = role === 'none' ? 'is not a collaborator of' : `has ${permission.role ?? role} permission on`;
  return fail('permission', title, `@${trigger.commenter} ${has} ${repository}; ${RELEASE_COMMAND} needs write, maintain or admin`);
}

function accountGate({ trigger, allowedBots }: ReleaseFacts): GateResult {
  const title = 'Account';
  if (trigger.commenterType !== 'Bot') return pass('account', title, `@${trigger.commenter} is a ${trigger.commenterType.toLowerCase()} account`);
  if (allowedBots.includes(trigger.commenter)) return pass('account', title, `@${trigger.commenter} is a bot listed in release.bots of dataops.yml`);
  return fail('account', title, `@${trigger.commenter} is a bot account: bots may ask for a release only when release.bots in dataops.yml lists them`);
}

function configGate({ pull, releaseConfigProblem }: ReleaseFacts): GateResult {
  const title = 'Release configuration';
  if (!pull) return skip('config', title, 'not a pull request');
  if (releaseConfigProblem) return fail('config', title, releaseConfigProblem);
  return pass('config', title, 'release-please reads its configuration and manifest');
}

function titleOf(id: 'open' | 'draft' | 'base' | 'mergeable' | 'fork' | 'checks' | 'head'): string {
  return { open: 'Open', draft: 'Ready', base: 'Base branch', mergeable: 'Mergeable', fork: 'Source', checks: 'Checks', head: 'Head unchanged' }[id];
}

/**
 * Text of the commenter's, quoted in our own comment so that it does nothing there: no
 * mention, no marker, no markdown (an inline code span that cannot be closed early).
 */
export function inert(text: string): string {
  const quoted = text.replaceAll('`', "'").replaceAll('@', '@\u200b').replaceAll('<', '\u2039').replaceAll('>', '\u203a');
  return `\`${quoted}\``;
}

function firstLine(body: string): string {
  const line = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
