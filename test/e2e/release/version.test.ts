import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataops, ROOT } from '../../helpers/binary.js';
import { GitRepo } from '../../unit/versioning/git-repo.js';

function releasedRepo(): GitRepo {
  const repo = new GitRepo();
  repo.write('.release-please-manifest.json', '{".": "1.2.3"}').commit('chore(main): release 1.2.3');
  repo.tag('v1.2.3').commit('fix: handle empty sales files');
  return repo;
}

describe('dataops version (built binary)', () => {
  it('keeps yargs\' --version flag beside the version command', () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    expect(dataops(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('prints the current and next version for scripts', () => {
    const repo = releasedRepo();
    expect(dataops(['version', 'current'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '1.2.3\n' });
    expect(dataops(['version', 'next'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: '1.2.4\n' });
  });

  it('writes the changelog section, with release-please\'s templates inside the single executable', () => {
    const result = dataops(['version', '--json'], { cwd: releasedRepo().dir });
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.stdout) as Record<string, string>;
    expect(preview).toMatchObject({ current: '1.2.3', next: '1.2.4', tag: 'v1.2.4', bump: 'patch' });
    expect(preview.changelog).toContain('### Bug Fixes\n\n* handle empty sales files');
    expect(preview.changelog).toContain('https://github.com/acme/sales-bundle/compare/v1.2.3...v1.2.4');
  });

  it('says there is nothing to release on stderr and prints nothing on stdout', () => {
    const repo = releasedRepo();
    const nothing = dataops(['version', 'next', '--ref', 'v1.2.3', '--pending', 'docs: explain the targets'], { cwd: repo.dir });
    expect(nothing).toMatchObject({ code: 0, stdout: '' });
    expect(nothing.stderr).toContain('nothing to release');
    expect(dataops(['version', 'next', '--ref', 'v1.2.3', '--pending', 'feat: weekly dashboard'], { cwd: repo.dir }).stdout).toBe('1.3.0\n');
  });

  it('refuses a directory outside git with exit code 2', () => {
    const result = dataops(['version'], { cwd: '/' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not inside a git repository');
  });
});

describe('dataops commitlint (built binary)', () => {
  it('exits 0 for a Conventional Commit title and 1 with the offending text otherwise', () => {
    expect(dataops(['commitlint', '--pr-title', 'feat(jobs): add the daily job']).code).toBe(0);
    const bad = dataops(['commitlint', '--pr-title', 'Added the daily job']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"Added the daily job" is not a Conventional Commit header');
  });

  it('checks every commit of a range and names the bad ones', () => {
    const repo = new GitRepo();
    const base = repo.commit('chore: start');
    repo.commit('feat: good one');
    const bad = repo.commit('WIP');
    const result = dataops(['commitlint', '--from', base, '--to', 'HEAD', '--json'], { cwd: repo.dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { valid: boolean; results: Array<{ source: string; valid: boolean }> };
    expect(report.results.map((r) => [r.source, r.valid])).toEqual([[bad.slice(0, 7), false], [expect.any(String), true]]);
  });

  it('asks what to check when given nothing (exit 2)', () => {
    expect(dataops(['commitlint']).code).toBe(2);
  });
});
