import { isProduction, productionSigns } from '../deploy/target-kind.js';
import { locateInTarget } from './config.js';
import type { Rule } from './rule.js';

export const undeclaredProduction: Rule = {
  id: 'undeclared-production',
  severity: 'warning',
  doc: {
    summary: 'A target that acts like production but is not declared production',
    description:
      'Deploy, destroy and the guard protect a target as production only when it is declared so: `mode: production`, or listed under `production.targets` in dataops.yml. A production target renamed (`prod` to `live`) without `mode: production` loses that protection silently: people may deploy it from a laptop, and the guard lets a deploy through when the workspace cannot be checked. The rule warns about a target that is not declared production but runs as a service principal (`run_as`) or deploys under a service principal\'s home folder, which is what production does.',
    bad: 'targets:\n  live:\n    run_as:\n      service_principal_name: 6f1c1d2e-0000-4000-8000-1234567890ab',
    good: 'targets:\n  live:\n    mode: production\n    run_as:\n      service_principal_name: 6f1c1d2e-0000-4000-8000-1234567890ab',
  },
  check({ target, sources, production }) {
    if (isProduction(target.target, target.config, production)) return [];
    const signs = productionSigns(target.config);
    if (signs.length === 0) return [];
    const name = target.target ?? '(default)';
    const location = locateInTarget(sources, target.target, ['run_as'], ['workspace', 'root_path']) ?? target.locate(['run_as']) ?? target.locate(['workspace', 'root_path']);
    return [
      {
        message: `target ${name} ${signs.join(' and ')}, like production, but is not declared production: deploy and the guard treat it as staging`,
        ...(location ? { location } : {}),
        hint: `add mode: production to target ${name}, or list it under production.targets in dataops.yml`,
      },
    ];
  },
};
