/**
 * Commit history, tags and files of a local git repository, read through the git CLI.
 * (Branch and working-tree questions belong to `adapters/git.ts`.)
 */
import { ExternalError, UsageError } from '../core/errors.js';
import type { RepositorySnapshot } from '../core/versioning/snapshot-scm.js';
import { NOT_FOUND, runProcess } from './process.js';

export interface LoggedCommit {
  sha: string;
  message: string;
  /** Paths the commit touched (first parent only for merges). */
  files: string[];
}

export interface GitTag {
  name: string;
  /** The commit the tag points at (annotated tags peeled). */
  sha: string;
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/** Runs git in `cwd`; a missing git or a directory outside a repository is the user's to fix. */
async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await runProcess('git', ['-c', 'core.quotePath=false', ...args], { cwd, timeoutMs: 60_000 });
  if (result.exitCode === NOT_FOUND) throw new UsageError('git is not installed', { hint: 'install git and run the command again' });
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n')[0] ?? '';
    if (/not a git repository/i.test(reason)) {
      throw new UsageError(`${cwd} is not inside a git repository`, { hint: 'run the command in the project checkout or pass --cwd' });
    }
    if (/unknown revision|bad revision|ambiguous argument/i.test(reason)) {
      throw new UsageError(`git does not know that revision: ${reason}`, { hint: 'check the ref name; in CI fetch the history (actions/checkout with fetch-depth: 0)' });
    }
    throw new ExternalError(`git ${args.join(' ')} failed: ${reason}`);
  }
  return result.stdout;
}

/** Commits reachable from `range` (a ref, or `from..to`), newest first, with the files each touched. */
export async function readCommits(cwd: string, range: string, maxCount = 1000): Promise<LoggedCommit[]> {
  const out = await git(cwd, ['log', `--max-count=${maxCount}`, '--name-only', `--format=${RECORD}%H${FIELD}%B${FIELD}`, range, '--']);
  return out
    .split(RECORD)
    .slice(1)
    .map((record) => {
      const [sha = '', message = '', names = ''] = record.split(FIELD);
      return { sha, message: message.trimEnd(), files: names.split('\n').filter((name) => name !== '') };
    });
}

/** Tags whose commit is reachable from `ref`, each peeled to its commit. */
export async function readTags(cwd: string, ref = 'HEAD'): Promise<GitTag[]> {
  const out = await git(cwd, ['for-each-ref', `--merged=${ref}`, `--format=%(refname:short)${FIELD}%(*objectname)${FIELD}%(objectname)`, 'refs/tags']);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', peeled = '', object = ''] = line.split(FIELD);
      return { name, sha: peeled || object };
    });
}

/** A file's content at `ref`, or null when it does not exist there. */
async function readFileAt(cwd: string, ref: string, file: string): Promise<string | null> {
  const result = await runProcess('git', ['show', `${ref}:${file}`], { cwd, timeoutMs: 60_000 });
  return result.exitCode === 0 ? result.stdout : null;
}

/** Every file path at `ref`. */
async function listFilesAt(cwd: string, ref: string): Promise<string[]> {
  return (await git(cwd, ['ls-tree', '-r', '--name-only', ref])).split('\n').filter((name) => name !== '');
}

/** The commit a ref points at. */
export async function resolveRef(cwd: string, ref: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
}

/** The URL of a remote, or null when there is none. */
export async function remoteUrl(cwd: string, remote = 'origin'): Promise<string | null> {
  const result = await runProcess('git', ['remote', 'get-url', remote], { cwd, timeoutMs: 15_000 });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/**
 * What release-please needs from a clone, for `ref`'s history: commits, the tags
 * reachable from it, and a reader for its files.
 */
export async function readRepositorySnapshot(
  cwd: string,
  where: { ref: string; branch: string; owner: string; repo: string },
): Promise<RepositorySnapshot> {
  const sha = await resolveRef(cwd, where.ref);
  const [commits, tags] = await Promise.all([readCommits(cwd, sha), readTags(cwd, sha)]);
  let files: Promise<string[]> | undefined;
  return {
    owner: where.owner,
    repo: where.repo,
    branch: where.branch,
    commits,
    tags,
    readFile: (file) => readFileAt(cwd, sha, file),
    listFiles: () => (files ??= listFilesAt(cwd, sha)),
  };
}
