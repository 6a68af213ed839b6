import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeRepository } from '../../fakes/github/model.js';

/** The fake GitHub's objects are git's own: real git stores them under the same SHAs. */
describe('the fake GitHub keeps git objects', () => {
  it('gives blobs, nested trees and commits the ids git gives them', () => {
    const repo = new FakeRepository();
    repo.commitFiles('main', 'chore: start', { 'README.md': '# sales\n', 'src/sql/a.sql': 'SELECT 1\n', 'src/b.py': 'x = 1\n', 'src-old.txt': 'sorted before src/\n' });
    const second = repo.commitFiles('main', 'feat: more', { 'src/sql/a.sql': 'SELECT 2\n', 'README.md': null });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-git-'));
    try {
      spawnSync('git', ['init', '-q', '--bare', dir]);
      for (const object of repo.objects.values()) {
        const stored = spawnSync('git', ['hash-object', '-w', '-t', object.type, '--stdin'], { cwd: dir, input: object.body, encoding: 'utf8' });
        expect(stored.stdout.trim(), stored.stderr).toBe(object.sha);
      }
      const fsck = spawnSync('git', ['fsck', '--strict', second.sha], { cwd: dir, encoding: 'utf8' });
      expect(fsck.status, fsck.stdout + fsck.stderr).toBe(0);
      const listed = spawnSync('git', ['ls-tree', '-r', '--name-only', second.sha], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n');
      expect(listed).toEqual(['src-old.txt', 'src/b.py', 'src/sql/a.sql']);
      expect(spawnSync('git', ['show', `${second.sha}:src/sql/a.sql`], { cwd: dir, encoding: 'utf8' }).stdout).toBe('SELECT 2\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
