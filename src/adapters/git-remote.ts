/** Branches that exist on a git remote (`git ls-remote --heads`), asked over the network. */
import { ExternalError } from '../core/errors.js';
import { runProcess } from './process.js';

export async function remoteBranches(cwd: string, remote: string, env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const result = await runProcess('git', ['ls-remote', '--heads', remote], { cwd, env, timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    // Without the remote's answer every branch would look deleted: stop rather than guess.
    throw new ExternalError(`git ls-remote --heads ${remote} failed: ${result.stderr.trim().split('\n')[0] ?? `exit code ${result.exitCode}`}`, {
      hint: `check that ${remote} is a remote of this repository and reachable (git remote -v), or pass --remote`,
    });
  }
  const branches = result.stdout
    .split('\n')
    .map((line) => /\trefs\/heads\/(.+)$/.exec(line.trim())?.[1])
    .filter((b): b is string => b !== undefined);
  return new Set(branches);
}
