import { locateInTarget, stringAt, targetMode, whereWritten } from './config.js';
import type { Rule } from './rule.js';

const PERSONAL = /^(\/Workspace)?\/Users\//;

export const prodRootPath: Rule = {
  id: 'prod-root-path',
  severity: 'error',
  doc: {
    summary: 'A production target without an explicit, shared workspace.root_path',
    description:
      'Without `workspace.root_path`, a bundle deploys under the home folder of whoever runs the deployment, so two people (or a person and CI) deploying production create two copies that overwrite each other\'s jobs. A root path under `/Users/` has the same problem. The rule asks every `mode: production` target for an explicit root path outside `/Users/`, such as `/Workspace/Shared/.bundle/${bundle.name}/${bundle.target}`.',
    bad: 'targets:\n  prod:\n    mode: production\n    workspace:\n      host: https://example.cloud.databricks.com',
    good: 'targets:\n  prod:\n    mode: production\n    workspace:\n      host: https://example.cloud.databricks.com\n      root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}',
  },
  check({ target, sources }) {
    if (targetMode(target.config) !== 'production') return [];
    const rootPath = stringAt(target.config, ['workspace', 'root_path']) ?? '';
    const written = whereWritten(sources, target.target, ['workspace', 'root_path']);
    const name = target.target ?? '(default)';
    const hint = 'set workspace.root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target} on the production target';
    if (!written) {
      return [
        {
          message: `production target ${name} has no explicit workspace.root_path, so it deploys under the deploying user's home (${rootPath})`,
          location: locateInTarget(sources, target.target, ['mode']),
          hint,
        },
      ];
    }
    if (PERSONAL.test(rootPath)) {
      return [{ message: `production target ${name} deploys to a personal folder (${rootPath})`, location: written, hint }];
    }
    return [];
  },
};
