import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsBundleFiles } from '../../../src/adapters/bundle-files.js';
import { readGitInfo } from '../../../src/adapters/git.js';
import { findBundleRoot } from '../../../src/adapters/bundle-root.js';
import { Project } from '../../../src/adapters/project.js';

let repo: string;

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, relative)), { recursive: true });
  writeFileSync(path.join(repo, relative), text);
}

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', ...args], { encoding: 'utf8' }).trim();
}

beforeAll(() => {
  repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'dataops-bundle-')));
  write('project/databricks.yml', 'bundle: {name: real}\ninclude: [resources/*.yml]\nresources:\n  jobs:\n    j: {name: "${bundle.git.branch}"}\n');
  write('project/resources/a.yml', 'resources: {}\n');
  write('project/resources/b.yaml', 'resources: {}\n');
  write('project/resources/deep/c.yml', 'resources: {}\n');
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/example/project');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('fs bundle files', () => {
  it('globs one path segment at a time, like the CLI', () => {
    const files = fsBundleFiles(path.join(repo, 'project'));
    expect(files.glob('resources/*.yml')).toEqual(['resources/a.yml']);
    expect(files.glob('resources/**.yml')).toEqual(['resources/a.yml']);
    expect(files.glob('resources/*/*.yml')).toEqual(['resources/deep/c.yml']);
    expect(files.isDirectory?.('resources')).toBe(true);
  });
});

describe('git details', () => {
  it('reads branch, commit and origin from the repository', () => {
    const { info } = readGitInfo(path.join(repo, 'project'), {});
    expect(info).toEqual({ bundleRootPath: 'project', branch: 'main', commit: git('rev-parse', 'HEAD'), originUrl: 'https://github.com/example/project' });
  });

  it('takes DATAOPS_GIT_* when set', () => {
    expect(readGitInfo(repo, { DATAOPS_GIT_BRANCH: 'ci', DATAOPS_GIT_COMMIT: 'abc' }).info).toEqual({ bundleRootPath: '.', branch: 'ci', commit: 'abc' });
  });
});

describe('loading a bundle from a directory', () => {
  it('finds the root above the working directory and resolves the target', async () => {
    expect(findBundleRoot(path.join(repo, 'project', 'resources', 'deep'), {})).toBe(path.join(repo, 'project'));
    const project = new Project(path.join(repo, 'project', 'resources'), { DATAOPS_CURRENT_USER: 'jane@example.com' });
    const resolved = await project.resolve(undefined);
    expect(JSON.parse(resolved.toJson()).resources.jobs.j.name).toBe('main');
    expect((await project.identity()).source).toBe('DATAOPS_CURRENT_USER');
  });
});
