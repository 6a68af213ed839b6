import type { JsonValue } from '../bundle/model.js';
import { resourcesOf, targetMode, valueAt } from '../bundle/config-values.js';
import type { Problem, Rule } from './rule.js';

const nonEmpty = (value: JsonValue | undefined): boolean => Array.isArray(value) && value.length > 0;

export const missingFailureNotification: Rule = {
  id: 'missing-failure-notification',
  severity: 'warning',
  policy: {
    statement: 'Every job outside development tells someone when it fails.',
    change: 'add email_notifications.on_failure (or webhook_notifications.on_failure) to the job',
  },
  doc: {
    summary: 'A job outside development that tells nobody when it fails',
    description:
      'A scheduled job in staging or production that fails without an email or webhook leaves stale tables and dashboards until someone happens to look. The rule asks every job of a target that is not `mode: development` for `email_notifications.on_failure` or `webhook_notifications.on_failure` (set on the job, or through the target\'s override).',
    bad: 'resources:\n  jobs:\n    nightly:\n      name: nightly\n      schedule: { quartz_cron_expression: "0 0 2 * * ?", timezone_id: UTC }',
    good: 'resources:\n  jobs:\n    nightly:\n      name: nightly\n      email_notifications:\n        on_failure: [data-team@example.com]',
  },
  check({ target }) {
    if (targetMode(target.config) === 'development') return [];
    const problems: Problem[] = [];
    for (const [key, job] of resourcesOf(target.config, 'jobs')) {
      if (nonEmpty(valueAt(job, ['email_notifications', 'on_failure'])) || nonEmpty(valueAt(job, ['webhook_notifications', 'on_failure']))) continue;
      problems.push({
        message: `job ${key} notifies nobody when it fails in target ${target.target ?? '(default)'}`,
        location: target.locate(['resources', 'jobs', key]),
        hint: 'add email_notifications.on_failure or webhook_notifications.on_failure to the job (or to this target\'s override of it)',
      });
    }
    return problems;
  },
};
