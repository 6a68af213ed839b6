import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Dana Engineer',
  GIT_AUTHOR_EMAIL: 'dana@example.com',
  GIT_COMMITTER_NAME: 'Dana Engineer',
  GIT_COMMITTER_EMAIL: 'dana@example.com',
};

/** A throw-away git repository driven by the real git CLI. */
export class GitRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-git-'));
    this.git('init', '-q', '-b', 'main');
    this.git('remote', 'add', 'origin', 'https://github.com/acme/sales-bundle.git');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' }).trim();
  }

  write(file: string, content: string): this {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), content);
    return this;
  }

  /** Commits a change to a file of its own, so every commit touches something. */
  commit(message: string, file = `changes/${Math.random().toString(36).slice(2)}.txt`): string {
    this.write(file, message);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  tag(name: string): this {
    this.git('tag', name);
    return this;
  }
}
