/**
 * The sandbox namespace: one name per (user, branch) that a development deployment uses for
 * its root path, its resource name prefix and its Unity Catalog schema. It must be legal in
 * all three, stable for the same inputs, and different for different inputs.
 */
import type { Identity } from '../bundle/model.js';
import { shortUserName, stripMarks } from '../bundle/identity.js';

export const NAMESPACE_MAX_LENGTH = 48;
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Hex digits of the pair's hash: 40 bits, so collisions stay out of reach for any team. */
const HASH_LENGTH = 10;
/** Room for the readable part: everything but `_<hash>`. */
const READABLE_LENGTH = NAMESPACE_MAX_LENGTH - HASH_LENGTH - 1;
/** The user part never takes more than this when the branch needs the room. */
const USER_SHARE = 16;

export interface SandboxNamespace {
  namespace: string;
  user: string;
  /** `workspace.current_user.short_name`, as the Databricks CLI derives it. */
  shortName: string;
  branch: string;
}

/** ASCII lower case, every run of anything else as one `_`, no `_` at either end. */
function asciiWord(text: string): string {
  return stripMarks(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function cut(word: string, length: number): string {
  return word.slice(0, length).replace(/_+$/, '');
}

/**
 * `<user>_<branch>_<hash>`: readable parts shortened to fit 48 characters, and a hash of the
 * raw user name and branch, so users or branches that normalise alike stay apart.
 */
export function sandboxNamespace(identity: Identity, branch: string): SandboxNamespace {
  const shortName = shortUserName(identity);
  // Node's crypto (≈ 20 built-in modules) is loaded when a namespace is made, not at every
  // command's start: this module is on the path of every command through the project.
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256').update(`${identity.userName}\u0000${branch}`).digest('hex').slice(0, HASH_LENGTH);
  let user = asciiWord(shortName) || 'user';
  if (!/^[a-z]/.test(user)) user = `u${user}`;
  let branchWord = asciiWord(branch) || 'branch';
  const room = READABLE_LENGTH - 1;
  if (user.length + branchWord.length > room) {
    user = cut(user, Math.max(USER_SHARE, room - branchWord.length));
    branchWord = cut(branchWord, room - user.length);
  }
  const readable = branchWord ? `${user}_${branchWord}` : user;
  return { namespace: `${readable}_${hash}`, user: identity.userName, shortName, branch };
}

export type BranchSource = 'DATAOPS_GIT_BRANCH' | 'GITHUB_HEAD_REF' | 'GITHUB_REF_NAME' | 'git' | 'detached HEAD' | 'no git repository';

export interface BranchFacts {
  env: Readonly<Record<string, string | undefined>>;
  /** The checked-out branch, when HEAD is on one. */
  gitBranch?: string;
  /** HEAD's commit, when in a repository. */
  gitCommit?: string;
  inRepository: boolean;
}

/**
 * The branch a sandbox belongs to. In GitHub Actions a pull request's checkout is a detached
 * merge commit, so the runner's variables come before git; a detached HEAD elsewhere is
 * named after its commit, so each commit gets its own sandbox instead of sharing one.
 */
export function chooseBranch(facts: BranchFacts): { branch: string; source: BranchSource } {
  const { env } = facts;
  if (env.DATAOPS_GIT_BRANCH) return { branch: env.DATAOPS_GIT_BRANCH, source: 'DATAOPS_GIT_BRANCH' };
  if (env.GITHUB_HEAD_REF) return { branch: env.GITHUB_HEAD_REF, source: 'GITHUB_HEAD_REF' };
  if (env.GITHUB_REF_NAME) return { branch: env.GITHUB_REF_NAME, source: 'GITHUB_REF_NAME' };
  if (facts.gitBranch) return { branch: facts.gitBranch, source: 'git' };
  if (facts.inRepository) return { branch: `detached-${(facts.gitCommit ?? 'unborn').slice(0, 12)}`, source: 'detached HEAD' };
  return { branch: 'no-git', source: 'no git repository' };
}
