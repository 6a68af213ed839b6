import type { JsonValue } from '../bundle/model.js';
import { isProduction, runAsServicePrincipal } from '../deploy/target-kind.js';
import { isObject, resourcesOf, stringAt } from '../bundle/config-values.js';
import type { Problem, Rule } from './rule.js';

/** Who a resource runs as, in words, or undefined when it is a service principal. */
function humanIdentity(runAs: JsonValue | undefined): string | undefined {
  if (!isObject(runAs)) return 'whoever deploys it (no run_as)';
  if (runAsServicePrincipal(runAs)) return undefined;
  const user = stringAt(runAs, ['user_name']);
  return user === undefined ? 'whoever deploys it (run_as names nobody)' : `the user ${user}`;
}

export const prodRunAs: Rule = {
  id: 'prod-run-as',
  severity: 'warning',
  policy: {
    statement: 'Production jobs and pipelines run as a service principal, never as the person who deploys them.',
    change: 'set run_as: { service_principal_name: <application id> } on the production target',
  },
  doc: {
    summary: 'A production job or pipeline that does not run as a service principal',
    description:
      'In a production target (`mode: production`, or listed under `production.targets` in dataops.yml), jobs and pipelines should run as a service principal: a person\'s identity leaves with the person, gives the job that person\'s rights, and makes hand-made changes look like deployments. The rule reads `run_as` (the resource\'s own, else the bundle\'s) and accepts `service_principal_name`, or a `user_name` that is a service principal\'s application id (a UUID).',
    bad: 'targets:\n  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Shared/.bundle/${bundle.name}\n    run_as:\n      user_name: alice@example.com\nresources:\n  jobs:\n    nightly:\n      name: nightly',
    good: 'targets:\n  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Shared/.bundle/${bundle.name}\n    run_as:\n      service_principal_name: 6f1c1d2e-0000-4000-8000-1234567890ab\nresources:\n  jobs:\n    nightly:\n      name: nightly',
  },
  check({ target, production }) {
    if (!isProduction(target.target, target.config, production)) return [];
    const problems: Problem[] = [];
    for (const [type, noun] of [['jobs', 'job'], ['pipelines', 'pipeline']] as const) {
      for (const [key, resource] of resourcesOf(target.config, type)) {
        const who = humanIdentity(resource.run_as ?? target.config.run_as);
        if (who === undefined) continue;
        problems.push({
          message: `${noun} ${key} runs as ${who} in production target ${target.target ?? '(default)'}`,
          location: target.locate(['resources', type, key, 'run_as']) ?? target.locate(['run_as']) ?? target.locate(['resources', type, key]),
          hint: 'set run_as: { service_principal_name: <application id> } on the production target',
        });
      }
    }
    return problems;
  },
};
