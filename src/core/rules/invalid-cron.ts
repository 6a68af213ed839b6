import { isJavaTimeZone, javaTimeZoneIds } from '../java-time-zones.js';
import { quartzError } from '../quartz.js';
import { suggest } from '../suggest.js';
import { stringsIn } from './config.js';
import type { Problem, Rule } from './rule.js';

/** Verdicts by expression: every target of a bundle carries the same schedules. */
const quartzVerdicts = new Map<string, string | undefined>();

function checkedQuartz(expression: string): string | undefined {
  if (!quartzVerdicts.has(expression)) quartzVerdicts.set(expression, quartzError(expression));
  return quartzVerdicts.get(expression);
}

export const invalidCron: Rule = {
  id: 'invalid-cron',
  severity: 'error',
  doc: {
    summary: 'A schedule whose Quartz cron expression or Java time zone is not valid',
    description:
      'Databricks schedules take a Quartz cron expression (seconds first, 6 or 7 fields, `?` in exactly one of day-of-month and day-of-week) and a Java time zone id. A Unix cron line (`0 6 * * *`), both day fields set, or a zone such as `CET+1` is rejected by the Jobs API only when the bundle is deployed. The rule checks every `quartz_cron_expression` and `timezone_id` of the target (jobs, quality monitors, alerts).',
    bad: 'resources:\n  jobs:\n    nightly:\n      name: nightly\n      email_notifications: { on_failure: [data-team@example.com] }\n      schedule:\n        quartz_cron_expression: "0 6 * * *"\n        timezone_id: Europe/Berlín',
    good: 'resources:\n  jobs:\n    nightly:\n      name: nightly\n      email_notifications: { on_failure: [data-team@example.com] }\n      schedule:\n        quartz_cron_expression: "0 0 6 * * ?"\n        timezone_id: Europe/Berlin',
  },
  check({ target }) {
    const problems: Problem[] = [];
    for (const string of stringsIn(target.config)) {
      const { text, field } = string;
      // An unresolved `${var.x}` is the unknown-reference rule's business.
      if (text.includes('${')) continue;
      if (field === 'quartz_cron_expression') {
        const error = checkedQuartz(text);
        if (error) {
          problems.push({
            message: `cron expression "${text}" ${error.startsWith('has ') ? error : `is not valid Quartz: ${error}`}`,
            location: target.locate(string.path),
            hint: 'Quartz fields: seconds minutes hours day-of-month month day-of-week [year]; see http://www.quartz-scheduler.org/documentation/quartz-2.3.0/tutorials/crontrigger.html',
          });
        }
      } else if (field === 'timezone_id' && !isJavaTimeZone(text)) {
        const near = suggest(text, javaTimeZoneIds());
        problems.push({
          message: `time zone "${text}" is not a Java time zone id`,
          location: target.locate(string.path),
          hint: near ? `did you mean ${near}?` : 'use an IANA id such as Europe/Berlin, or UTC',
        });
      }
    }
    return problems;
  },
};
