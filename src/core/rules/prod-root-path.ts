import { isProduction } from '../deploy/target-kind.js';
import { stringAt } from '../bundle/config-values.js';
import { locateInTarget, whereWritten } from './config.js';
import type { Rule } from './rule.js';

const CLI_ROOT_PATH_ERROR = "target with 'mode: production' must set 'workspace.root_path'";
const PERSONAL = /^(\/Workspace)?\/Users\//;
/** The CLI warns on a root under /Workspace/Shared that grants nothing (ValidateSharedRootPermissions): the advice says so. */
const SHARED_CAVEAT = 'a folder under /Workspace/Shared also works, with top-level permissions that say who may manage it (without them the Databricks CLI warns that every workspace user can write there)';

/**
 * The home folder of the service principal production runs as is not a person's folder:
 * whoever deploys, the bundle lands in the same place, and unlike /Workspace/Shared it is
 * not writable by every workspace user (Databricks' own templates deploy production there).
 */
function isRunAsPrincipalHome(rootPath: string, principal: string | undefined): boolean {
  if (!principal) return false;
  return rootPath.replace(/^\/Workspace/, '').startsWith(`/Users/${principal}/`);
}

export const prodRootPath: Rule = {
  id: 'prod-root-path',
  severity: 'warning',
  policy: {
    statement: 'A production target deploys to one explicit folder that is the same whoever deploys it, not to a person\'s home.',
    change: `set workspace.root_path on the production target to /Workspace/Users/<run_as application id>/.bundle/\${bundle.name}/\${bundle.target}; ${SHARED_CAVEAT}`,
  },
  doc: {
    summary: 'A production target without an explicit, shared workspace.root_path',
    description:
      'Without `workspace.root_path`, a bundle deploys under the home folder of whoever runs the deployment, so two people (or a person and CI) deploying production create two copies that overwrite each other\'s jobs. A root path under a person\'s `/Users/` folder has the same problem. The rule asks every production target (`mode: production`, or listed under `production.targets` in dataops.yml) for an explicit root path that is the same whoever deploys: the home folder of the service principal in `run_as` (`/Workspace/Users/<application id>/.bundle/...`, writable only by it and its managers), as Databricks\' own templates do. A shared folder such as `/Workspace/Shared/.bundle/${bundle.name}/${bundle.target}` passes this rule too, but every workspace user can write there unless the bundle\'s `permissions` say otherwise, and the Databricks CLI warns about it.',
    bad: 'targets:\n  prod:\n    mode: production\n    workspace:\n      host: https://example.cloud.databricks.com',
    good: 'targets:\n  prod:\n    mode: production\n    workspace:\n      host: https://example.cloud.databricks.com\n      root_path: /Workspace/Users/6f1b2c3d-0000-4000-8000-000000000001/.bundle/${bundle.name}/${bundle.target}\n    run_as:\n      service_principal_name: 6f1b2c3d-0000-4000-8000-000000000001',
  },
  check({ target, sources, production }) {
    if (!isProduction(target.target, target.config, production)) return [];
    // The Databricks CLI refuses this target itself: its error (the bundle rule) says it once.
    if (target.diagnostics.some((d) => d.severity === 'error' && d.summary.startsWith(CLI_ROOT_PATH_ERROR))) return [];
    const rootPath = stringAt(target.config, ['workspace', 'root_path']) ?? '';
    const written = whereWritten(sources, target.target, ['workspace', 'root_path']);
    const name = target.target ?? '(default)';
    const hint = `set workspace.root_path on the production target to the run_as service principal's folder, /Workspace/Users/<application id>/.bundle/\${bundle.name}/\${bundle.target}; ${SHARED_CAVEAT}`;
    if (!written) {
      return [
        {
          message: `production target ${name} has no explicit workspace.root_path, so it deploys under the deploying user's home (${rootPath})`,
          location: locateInTarget(sources, target.target, ['mode']),
          hint,
        },
      ];
    }
    const principal = stringAt(target.config, ['run_as', 'service_principal_name']);
    if (PERSONAL.test(rootPath) && !isRunAsPrincipalHome(rootPath, principal)) {
      return [{ message: `production target ${name} deploys to a personal folder (${rootPath})`, location: written, hint }];
    }
    return [];
  },
};
