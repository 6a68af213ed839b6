import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConventionalCommits } from 'release-please/build/src/commit.js';
import { DefaultChangelogNotes } from 'release-please/build/src/changelog-notes/default.js';
import { DefaultVersioningStrategy } from 'release-please/build/src/versioning-strategies/default.js';
import { Version } from 'release-please/build/src/version.js';
import { readRepositorySnapshot } from '../../../src/adapters/git-log.js';
import { previewRelease, type VersionPreview } from '../../../src/core/versioning/preview.js';
import { GitRepo } from './git-repo.js';

const quiet = (): void => {};

interface Setup {
  released?: string;
  config?: Record<string, unknown>;
  commits: string[];
}

/** A repository released at `released` (manifest and tag), then the given commits. */
function repository({ released, config, commits }: Setup): GitRepo {
  const repo = new GitRepo();
  if (config) repo.write('release-please-config.json', JSON.stringify({ packages: { '.': { 'release-type': 'simple', ...config } } }));
  if (released) {
    repo.write('.release-please-manifest.json', JSON.stringify({ '.': released }));
    repo.commit(`chore(main): release ${released}`);
    repo.tag(`v${released}`);
  } else {
    repo.commit('chore: start the bundle');
  }
  for (const message of commits) repo.commit(message);
  return repo;
}

async function preview(repo: GitRepo, pendingCommit?: string): Promise<VersionPreview> {
  const snapshot = await readRepositorySnapshot(repo.dir, { ref: 'HEAD', branch: 'main', owner: 'acme', repo: 'sales-bundle' });
  return previewRelease(snapshot, quiet, { pendingCommit });
}

beforeAll(() => {
  // release-please dates the changelog heading with today's date.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-02-23T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

describe('dataops version: the seed\'s SemVer rules', () => {
  it.each([
    ['fix: handle empty sales files', '1.2.4', 'patch'],
    ['feat: add the weekly dashboard', '1.3.0', 'minor'],
    ['feat!: rename the sales catalog', '2.0.0', 'major'],
    ['feat(jobs): new schedule\n\nBREAKING CHANGE: the job now runs hourly', '2.0.0', 'major'],
  ])('%j after 1.2.3 → %s', async (message, next, bump) => {
    const result = await preview(repository({ released: '1.2.3', commits: [message] }));
    expect(result).toMatchObject({ current: '1.2.3', currentSource: 'manifest', next, tag: `v${next}`, bump });
  });

  it('writes the changelog section release-please writes, with a compare link and the commits by kind', async () => {
    const result = await preview(repository({ released: '1.2.3', commits: ['fix: handle empty sales files', 'feat(dashboards): add the weekly dashboard', 'chore: tidy'] }));
    expect(result.changelog).toContain('## [1.3.0](https://github.com/acme/sales-bundle/compare/v1.2.3...v1.3.0) (2026-02-23)');
    expect(result.changelog).toMatch(/### Features\n\n\* \*\*dashboards:\*\* add the weekly dashboard \(\[[0-9a-f]{7}\]/);
    expect(result.changelog).toMatch(/### Bug Fixes\n\n\* handle empty sales files/);
    expect(result.changelog).not.toContain('tidy');
  });

  it('makes no release when only chores landed since the release', async () => {
    const result = await preview(repository({ released: '1.2.3', commits: ['chore: tidy', 'docs: explain the targets'] }));
    expect(result).toMatchObject({ current: '1.2.3', next: null, tag: null, changelog: '' });
  });

  it('ignores commits that came before the current release', async () => {
    const repo = new GitRepo();
    repo.commit('feat!: an old breaking change');
    repo.write('.release-please-manifest.json', '{".": "2.0.0"}').commit('chore(main): release 2.0.0');
    repo.tag('v2.0.0').commit('fix: a new fix');
    expect(await preview(repo)).toMatchObject({ current: '2.0.0', next: '2.0.1' });
  });
});

describe('dataops version: release-please-config.json settings', () => {
  it.each([
    [{}, 'feat!: drop the v1 tables', '1.0.0'],
    [{ 'bump-minor-pre-major': true }, 'feat!: drop the v1 tables', '0.4.0'],
    [{}, 'feat: add a table', '0.4.0'],
    [{ 'bump-patch-for-minor-pre-major': true }, 'feat: add a table', '0.3.1'],
  ])('%j with %j after 0.3.0 → %s', async (config, message, next) => {
    expect((await preview(repository({ released: '0.3.0', config, commits: [message] }))).next).toBe(next);
  });

  it('obeys a Release-As: footer', async () => {
    const result = await preview(repository({ released: '1.2.3', commits: ['fix: small', 'chore: cut the big one\n\nRelease-As: 3.0.0'] }));
    expect(result).toMatchObject({ next: '3.0.0', tag: 'v3.0.0' });
  });

  it('obeys the tag settings', async () => {
    const result = await preview(repository({ released: '1.2.3', config: { 'include-v-in-tag': false }, commits: ['fix: small'] }));
    expect(result.tag).toBe('1.2.4');
  });
});

describe('dataops version: where the current version comes from', () => {
  it('takes the highest v* tag when there is no manifest', async () => {
    const repo = new GitRepo();
    repo.commit('feat: first').toString();
    repo.tag('v0.9.0').commit('feat: second');
    repo.tag('v1.0.0').tag('nightly').commit('fix: third');
    expect(await preview(repo)).toMatchObject({ current: '1.0.0', currentSource: 'tag', next: '1.0.1', tag: 'v1.0.1' });
  });

  it('proposes release-please\'s initial version when nothing was released', async () => {
    const result = await preview(repository({ commits: ['feat: the first job'] }));
    expect(result).toMatchObject({ current: null, currentSource: 'none', next: '1.0.0', bump: 'initial' });
  });

  it('counts a pull request title as the squash commit it will become', async () => {
    const repo = repository({ released: '1.2.3', commits: ['chore: tidy'] });
    expect((await preview(repo, 'feat: add the weekly dashboard')).next).toBe('1.3.0');
    expect((await preview(repo)).next).toBeNull();
  });
});

describe('dataops version agrees with release-please\'s own versioning code', () => {
  const CASES: Array<{ released: string; config: Record<string, boolean>; commits: string[] }> = [
    { released: '1.2.3', config: {}, commits: ['fix: a', 'fix(jobs): b'] },
    { released: '1.2.3', config: {}, commits: ['fix: a', 'feat: b', 'docs: c'] },
    { released: '1.2.3', config: {}, commits: ['feat: a', 'refactor!: b'] },
    { released: '0.5.2', config: { 'bump-minor-pre-major': true }, commits: ['feat!: a', 'fix: b'] },
    { released: '0.5.2', config: { 'bump-patch-for-minor-pre-major': true }, commits: ['feat: a'] },
    { released: '0.5.2', config: { 'bump-minor-pre-major': true, 'bump-patch-for-minor-pre-major': true }, commits: ['feat: a', 'perf: b'] },
    { released: '2.0.0', config: {}, commits: ['fix: a\n\nRelease-As: 2.5.0', 'feat: later'] },
    { released: '2.0.0', config: {}, commits: ['fix: a (#12)', 'feat(api)!: b\n\nBREAKING CHANGE: callers must pass a date', 'revert: undo c'] },
  ];

  it.each(CASES)('$commits after $released with $config', async ({ released, config, commits }) => {
    const ours = await preview(repository({ released, config, commits }));

    // release-please's versioning and changelog classes, fed the same commits newest first.
    const parsed = parseConventionalCommits(commits.map((message, i) => ({ sha: `${i}`.padStart(40, 'a'), message })).reverse());
    const strategy = new DefaultVersioningStrategy({ bumpMinorPreMajor: config['bump-minor-pre-major'], bumpPatchForMinorPreMajor: config['bump-patch-for-minor-pre-major'] });
    const theirs = strategy.bump(Version.parse(released), parsed).toString();
    expect(ours.next).toBe(theirs);

    const notes = await new DefaultChangelogNotes().buildNotes(parsed, {
      owner: 'acme', repository: 'sales-bundle', version: theirs, previousTag: `v${released}`, currentTag: `v${theirs}`, targetBranch: 'main', commits: parsed,
    });
    const withoutShas = (text: string): string => text.replace(/\[[0-9a-f]{7}\]\([^)]*\)/g, '[sha]');
    expect(withoutShas(ours.changelog)).toBe(withoutShas(notes));
  });
});
