/**
 * The seam between deploy's preflight and `dataops guard`: the check the "guard" step runs.
 * Conflicts block the deploy; a production target whose workspace cannot be checked fails
 * closed (ExternalError, exit 3); elsewhere an unreachable workspace lets the deploy go on.
 */
import type { GuardCheck } from '../core/deploy/preflight.js';
import { ExternalError } from '../core/errors.js';
import type { Project } from '../adapters/project.js';

export function loadGuardCheck(project: Project): GuardCheck {
  return async (deployment) => {
    const [{ guardDeployment }, { conflictLines }] = await Promise.all([import('./guard.js'), import('../core/guard/render.js')]);
    const { report, exitCode } = await guardDeployment(project, deployment, {});
    if (exitCode === 3) throw new ExternalError(report.warnings.at(-1) ?? `the workspace could not be checked for target ${report.target}`);
    return conflictLines(report).map((message) => ({ message }));
  };
}
