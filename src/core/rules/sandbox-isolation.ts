import type { JsonObject, Location } from '../bundle/model.js';
import { stringAt, targetMode } from '../bundle/config-values.js';
import { locateInTarget, whereWritten } from './config.js';
import type { Problem, Rule } from './rule.js';

/** Lower case, runs of anything else than letters and digits as one `_`: how a namespace may spell a branch. */
const normalize = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '_');

const PLURAL = { user: 'users', branch: 'branches' } as const;

function missingParts(value: string, config: JsonObject): Array<keyof typeof PLURAL> {
  const text = normalize(value);
  const users = ['userName', 'short_name', 'domain_friendly_name']
    .map((field) => stringAt(config, ['workspace', 'current_user', field]))
    .filter((id): id is string => !!id);
  const branch = stringAt(config, ['bundle', 'git', 'branch']);
  const missing: Array<keyof typeof PLURAL> = [];
  if (users.length > 0 && !users.some((id) => text.includes(normalize(id)))) missing.push('user');
  // Outside a git repository there is no branch to collide with.
  if (branch && !text.includes(normalize(branch))) missing.push('branch');
  return missing;
}

export const sandboxIsolation: Rule = {
  id: 'sandbox-isolation',
  severity: 'warning',
  policy: {
    statement: 'Each development deployment is unique per user and git branch, so two branches never overwrite each other.',
    change: 'put ${bundle.git.branch} (or the dataops sandbox namespace) into workspace.root_path and presets.name_prefix of the development target',
  },
  doc: {
    summary: 'A development target whose root path or name prefix is not unique per user and branch',
    description:
      'Development targets are personal sandboxes. The defaults (`/Workspace/Users/<user>/.bundle/<bundle>/<target>` and the `[dev <user>]` prefix) separate people but not branches: deploying a second branch overwrites the first one\'s jobs and dashboards. The rule checks, after variables, that `workspace.root_path` and `presets.name_prefix` of every `mode: development` target contain both the current user and the git branch (as `${bundle.git.branch}` or through `dataops sandbox namespace`).',
    bad: 'targets:\n  dev:\n    mode: development',
    good: 'targets:\n  dev:\n    mode: development\n    workspace:\n      root_path: /Workspace/Users/${workspace.current_user.userName}/.bundle/${bundle.name}/${bundle.git.branch}\n    presets:\n      name_prefix: "[dev ${workspace.current_user.short_name} ${bundle.git.branch}] "',
  },
  check({ target, sources }) {
    if (targetMode(target.config) !== 'development') return [];
    const name = target.target ?? '(default)';
    const fallback = locateInTarget(sources, target.target, ['mode']);
    const shortName = stringAt(target.config, ['workspace', 'current_user', 'short_name']) ?? '';
    const settings: Array<{ setting: string; value: string; location: Location | undefined; hint: string }> = [
      {
        setting: 'workspace.root_path',
        value: stringAt(target.config, ['workspace', 'root_path']) ?? '',
        location: whereWritten(sources, target.target, ['workspace', 'root_path']),
        hint: 'root_path: /Workspace/Users/${workspace.current_user.userName}/.bundle/${bundle.name}/${bundle.git.branch}',
      },
      {
        setting: 'presets.name_prefix',
        // mode: development prefixes names with `[dev <short_name>] ` unless the target sets its own.
        value: stringAt(target.config, ['presets', 'name_prefix']) ?? `[dev ${shortName}] `,
        location: whereWritten(sources, target.target, ['presets', 'name_prefix']),
        hint: 'presets: { name_prefix: "[dev ${workspace.current_user.short_name} ${bundle.git.branch}] " }',
      },
    ];
    const problems: Problem[] = [];
    for (const { setting, value, location, hint } of settings) {
      const missing = missingParts(value, target.config);
      if (missing.length === 0) continue;
      problems.push({
        message: `${setting} of development target ${name} ("${value}") is not unique per ${missing.join(' and ')}: sandboxes of different ${missing.map((m) => PLURAL[m]).join(' or ')} overwrite each other`,
        location: location ?? fallback,
        hint: `include them, e.g. ${hint}, or use dataops sandbox namespace`,
      });
    }
    return problems;
  },
};
