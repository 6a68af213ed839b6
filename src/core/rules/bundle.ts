import { placeOf } from '../bundle/place.js';
import type { Problem, Rule } from './rule.js';

/** Errors that other rules report with more context (both places, a suggestion). */
const COVERED = [/^multiple resources or scripts have been defined with the same key/, /^reference does not exist/];

export const bundle: Rule = {
  id: 'bundle',
  severity: 'error',
  doc: {
    summary: 'An error the Databricks CLI itself reports when it loads the bundle',
    description:
      'Before any other rule, the bundle is resolved offline the way `databricks bundle validate` does it (includes, target overrides, variables, presets). What the Databricks CLI would refuse (an include that matches nothing, a variable without a value, a production target with a development pipeline) is reported here, so `dataops validate` never passes a bundle the CLI rejects.',
    bad: 'targets:\n  dev:\n    mode: developmnt   # a typo the Databricks CLI refuses',
    good: 'targets:\n  dev:\n    mode: development',
  },
  check({ target }) {
    return target.diagnostics
      .filter((d) => d.severity === 'error' && !COVERED.some((pattern) => pattern.test(d.summary)))
      .map((d): Problem => ({
        message: d.summary,
        ...(placeOf(d, target) ? { location: placeOf(d, target) } : {}),
        ...(d.detail ? { hint: d.detail } : {}),
      }));
  },
};
