/**
 * The sandbox namespace of whoever runs dataops here: the identity and git facts the
 * resolver reads (DATAOPS_CURRENT_USER / DATAOPS_GIT_BRANCH first), plus GitHub's branch
 * variables for CI checkouts.
 */
import type { Identity } from '../core/bundle/model.js';
import { chooseBranch, sandboxNamespace, type BranchSource, type SandboxNamespace } from '../core/sandbox/namespace.js';
import { readGitInfo } from './git.js';
import { readIdentity } from './identity.js';

export interface NamespaceLookup extends SandboxNamespace {
  identity: Identity;
  source: { user: string; branch: BranchSource };
}

export async function readSandboxNamespace(dir: string, env: NodeJS.ProcessEnv): Promise<NamespaceLookup> {
  const [identity, git] = await Promise.all([readIdentity(dir, env), readGitInfo(dir, env)]);
  const { branch, source } = chooseBranch({ env, gitBranch: git.info?.branch, gitCommit: git.info?.commit, inRepository: git.info !== null });
  return { ...sandboxNamespace(identity.identity, branch), identity: identity.identity, source: { user: identity.source, branch: source } };
}
