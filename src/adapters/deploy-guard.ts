/**
 * The seam between deploy's preflight and `dataops guard`: the check the "guard" step runs.
 * Conflicts block the deploy; a production target whose workspace cannot be checked fails
 * closed (ExternalError, exit 3); elsewhere an unreachable workspace lets the deploy go on.
 */
import type { GuardCheck } from '../core/deploy/preflight.js';
import { ExternalError } from '../core/errors.js';

export async function loadGuardCheck(env: NodeJS.ProcessEnv, cwd: string): Promise<GuardCheck> {
  return async (target) => {
    const [{ guardTarget }, { findBundleRoot }, { conflictLines }] = await Promise.all([
      import('./guard.js'),
      import('./load-bundle.js'),
      import('../core/guard/render.js'),
    ]);
    const { report, exitCode } = await guardTarget({ resolved: target, rootDir: findBundleRoot(cwd, env), env });
    if (exitCode === 3) throw new ExternalError(report.warnings.at(-1) ?? `the workspace could not be checked for target ${report.target}`);
    return conflictLines(report).map((message) => ({ message }));
  };
}
