/**
 * Git facts a bundle reads (`${bundle.git.branch}`, commit, origin): from DATAOPS_GIT_*
 * when set (CI, tests), otherwise from the repository around the bundle. The repository
 * is read from its .git directory (HEAD, refs, config), like the Databricks CLI does,
 * so a resolve starts no process.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseIni } from 'ini';
import type { GitInfo } from '../core/bundle/model.js';

export interface GitLookup {
  /** null when the bundle is not inside a git repository. */
  info: GitInfo | null;
  /** Where the facts came from, for --verbose. */
  source: string;
}

export function readGitInfo(bundleRoot: string, env: NodeJS.ProcessEnv): GitLookup {
  if (env.DATAOPS_GIT_BRANCH !== undefined || env.DATAOPS_GIT_COMMIT !== undefined) {
    const info: GitInfo = { bundleRootPath: '.' };
    if (env.DATAOPS_GIT_BRANCH) info.branch = env.DATAOPS_GIT_BRANCH;
    if (env.DATAOPS_GIT_COMMIT) info.commit = env.DATAOPS_GIT_COMMIT;
    if (env.DATAOPS_GIT_ORIGIN_URL) info.originUrl = env.DATAOPS_GIT_ORIGIN_URL;
    return { info, source: 'DATAOPS_GIT_BRANCH / DATAOPS_GIT_COMMIT / DATAOPS_GIT_ORIGIN_URL' };
  }
  const repo = findRepository(bundleRoot);
  if (!repo) return { info: null, source: 'not a git repository' };
  const info: GitInfo = { bundleRootPath: path.relative(repo.worktree, bundleRoot).split(path.sep).join('/') || '.' };
  const head = readText(path.join(repo.gitDir, 'HEAD'))?.trim() ?? '';
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (ref?.startsWith('refs/heads/')) info.branch = ref.slice('refs/heads/'.length);
  const commit = ref ? resolveRef(repo.commonDir, ref) : /^[0-9a-f]{40}$/.test(head) ? head : undefined;
  if (commit) info.commit = commit;
  const origin = originUrl(repo.commonDir);
  if (origin) info.originUrl = origin;
  return { info, source: `git repository at ${repo.worktree}` };
}

interface Repository {
  worktree: string;
  /** The .git directory of this worktree (HEAD lives here). */
  gitDir: string;
  /** Where refs and config live (differs from gitDir in linked worktrees). */
  commonDir: string;
}

function findRepository(start: string): Repository | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit)) {
      const gitDir = statSync(dotGit).isDirectory() ? dotGit : gitDirFromFile(dir, dotGit);
      if (gitDir) {
        const common = readText(path.join(gitDir, 'commondir'))?.trim();
        return { worktree: dir, gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A `.git` file (worktree, submodule) points at the real directory: `gitdir: <path>`. */
function gitDirFromFile(dir: string, file: string): string | undefined {
  const target = /^gitdir: (.+)$/m.exec(readText(file) ?? '')?.[1]?.trim();
  return target ? path.resolve(dir, target) : undefined;
}

function resolveRef(commonDir: string, ref: string): string | undefined {
  const loose = readText(path.join(commonDir, ref))?.trim();
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  for (const line of (readText(path.join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
  }
  return undefined;
}

function originUrl(commonDir: string): string | undefined {
  const config = parseIni(readText(path.join(commonDir, 'config')) ?? '') as Record<string, { url?: unknown } | undefined>;
  const url = config['remote "origin"']?.url;
  return typeof url === 'string' ? url : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
