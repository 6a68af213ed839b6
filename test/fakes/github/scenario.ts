import { DEFAULT_REQUIRED_CHECKS } from '../../../src/core/release/settings.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeComment, FakePull, FakeRepository, Permission } from './model.js';

/** The blueprint's release-please configuration, as `dataops init` writes it (bundle name filled in). */
export const RELEASE_PLEASE_CONFIG = {
  'release-type': 'simple',
  'include-component-in-tag': false,
  'bump-minor-pre-major': true,
  packages: { '.': { 'package-name': 'sales', 'changelog-path': 'CHANGELOG.md' } },
};

/** main at 1.2.3, released the way release-please leaves a repository. */
export function releasedAt123(repo: FakeRepository, config: object = RELEASE_PLEASE_CONFIG): void {
  const commit = repo.commitFiles('main', 'chore(main): release 1.2.3', {
    'release-please-config.json': JSON.stringify(config),
    '.release-please-manifest.json': '{\n  ".": "1.2.3"\n}\n',
    'version.txt': '1.2.3\n',
    'CHANGELOG.md': '# Changelog\n\n## 1.2.3 (2026-01-10)\n\n* earlier\n',
    'databricks.yml': 'bundle:\n  name: sales\n',
  });
  repo.refs.set('tags/v1.2.3', commit.sha);
  repo.releases.push({ id: repo.nextId(), tagName: 'v1.2.3', targetCommitish: commit.sha, name: 'v1.2.3', body: '', draft: false, prerelease: false, createdAt: repo.now() });
}

/** A feature pull request whose CI passed on its head. */
export function greenFeature(repo: FakeRepository, options: { title?: string; branch?: string; headRepo?: string; draft?: boolean } = {}): FakePull {
  const pull = repo.openPull({
    title: options.title ?? 'feat(dashboards): add the weekly dashboard',
    branch: options.branch ?? 'feature/weekly',
    files: { 'resources/dashboards.yml': 'dashboards: {}\n' },
    ...(options.headRepo ? { headRepo: options.headRepo } : {}),
    draft: options.draft === true,
  });
  // The blueprint's Lint jobs, which the fast track requires by default.
  for (const name of DEFAULT_REQUIRED_CHECKS) repo.addCheckRun(pull.headSha, name, 'success');
  repo.addStatus(pull.headSha, 'ci/unit', 'success');
  return pull;
}

/** A comment on the pull request by a user with this permission. */
export function commentBy(repo: FakeRepository, pull: FakePull, user: string, permission: Permission, body = '/release'): FakeComment {
  repo.permissions.set(user, permission);
  return repo.addComment(pull.number, body, user);
}

/** The `issue_comment` payload GitHub sends for the comment. */
export function issueCommentEvent(repo: FakeRepository, comment: FakeComment, action: 'created' | 'edited' | 'deleted' | null = 'created'): object {
  const pullUrl = `https://github.com/${repo.fullName}/pull/${comment.issueNumber}`;
  return {
    // null: a payload without the action GitHub always sends (written by hand, or forged).
    ...(action === null ? {} : { action }),
    comment: { id: comment.id, body: comment.body, user: { login: comment.user, type: comment.user.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: comment.createdAt, updated_at: comment.updatedAt, html_url: `${pullUrl}#issuecomment-${comment.id}` },
    issue: { number: comment.issueNumber, html_url: pullUrl, pull_request: { url: `https://api.github.com/repos/${repo.fullName}/pulls/${comment.issueNumber}`, html_url: pullUrl } },
    repository: { full_name: repo.fullName, name: repo.repo, owner: { login: repo.owner }, default_branch: repo.defaultBranch },
  };
}

/** The usual scene: a green feature pull request and a `/release` comment on it, with GitHub's event. */
export function releaseRequest(
  repo: FakeRepository,
  options: { user?: string; permission?: Permission; body?: string; feature?: Parameters<typeof greenFeature>[1] } = {},
): { pull: FakePull; trigger: FakeComment; event: object } {
  const pull = greenFeature(repo, options.feature);
  const trigger = commentBy(repo, pull, options.user ?? 'dana', options.permission ?? 'write', options.body);
  return { pull, trigger, event: issueCommentEvent(repo, trigger) };
}

/** Writes the event where GITHUB_EVENT_PATH will point. */
export function writeEvent(event: object): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dataops-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return file;
}

/** The comments, reactions and writes the fast track left, in a shape tests compare. */
export function aftermath(repo: FakeRepository, pull: FakePull, trigger: FakeComment) {
  return {
    merged: pull.merged,
    tags: [...repo.refs.keys()].filter((ref) => ref.startsWith('tags/')).map((ref) => ref.slice('tags/'.length)),
    dispatches: repo.dispatches,
    comments: repo.comments.filter((c) => c.issueNumber === pull.number && c.id !== trigger.id).map((c) => c.body),
    reactions: repo.reactions.filter((r) => r.commentId === trigger.id).map((r) => r.content),
  };
}
