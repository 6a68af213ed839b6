import { describe, expect, it } from 'vitest';
import { invalidCron } from '../../../src/core/rules/invalid-cron.js';
import { quartzError } from '../../../src/core/quartz.js';
import { isJavaTimeZone } from '../../../src/core/java-time-zones.js';
import { check } from '../../helpers/rule-context.js';

function job(quartz: string, timezone = 'UTC') {
  return { resources: { jobs: { nightly: { schedule: { quartz_cron_expression: quartz, timezone_id: timezone } } } } };
}

describe('quartz expressions', () => {
  it.each([
    '0 0 6 * * ?',
    '0 30 6 ? * MON-FRI',
    '0 0/15 8-18 ? * mon,wed,fri',
    '0 0 12 L * ?',
    '0 0 12 L-3 * ?',
    '0 0 12 15W * ?',
    '0 0 12 LW * ?',
    '0 0 12 ? * 6L',
    '0 0 12 ? * FRI#3',
    '0 0 12 ? JAN-MAR,JUL SUN',
    '0 0 0 1 1 ? 2030',
    '*/5 * * * * ?',
    '0 0 22-2 * * ?',
  ])('accepts %s', (expression) => {
    expect(quartzError(expression)).toBeUndefined();
  });

  it.each([
    ['0 6 * * *', 'has 5 fields'],
    ['0 0 6 * * *', 'one of day-of-month and day-of-week must be "?"'],
    ['0 0 6 ? * ?', 'not both'],
    ['0 60 6 * * ?', 'minutes field "60": 60 is outside 0-59'],
    ['0 0 24 * * ?', 'hours field "24": 24 is outside 0-23'],
    ['0 0 6 ? * MON-FRY', 'day-of-week field "MON-FRY"'],
    ['0 0 6 ? FOO *', 'month field "FOO"'],
    ['0 0 6 * * 2#6', 'the week of the month must be 1-5'],
    ['0 0/0 6 * * ?', 'increment "0" must be a positive number'],
    ['0 0 6 L,15 * ?', 'cannot be combined'],
    ['0 0 6 1W * ?  2100', 'year field "2100"'],
    ['? 0 6 * * 1', '"?" is only allowed in day-of-month and day-of-week'],
  ])('rejects %s', (expression, why) => {
    expect(quartzError(expression)).toContain(why);
  });
});

describe('java time zones', () => {
  it.each(['UTC', 'GMT', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'Asia/Calcutta', 'Etc/GMT+5', 'PST', 'GMT+02:00', 'Etc/UTC'])(
    'accepts %s',
    (id) => expect(isJavaTimeZone(id)).toBe(true),
  );
  it.each(['Europe/Berlín', 'europe/berlin', 'CET+1', 'Mars/Olympus', '', 'UTC+25:99x'])('rejects %s', (id) =>
    expect(isJavaTimeZone(id)).toBe(false),
  );
});

describe('invalid-cron', () => {
  it('reports a Unix cron line at the YAML line of the expression', async () => {
    const problems = await check(invalidCron, {
      config: job('0 6 * * *'),
      locations: { 'resources.jobs.nightly.schedule.quartz_cron_expression': 'resources/nightly.yml:6:33' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^cron expression "0 6 \* \* \*" has 5 fields; Quartz needs 6 or 7/);
    expect(problems[0]?.location).toEqual({ file: 'resources/nightly.yml', line: 6, column: 33 });
  });

  it('reports an unknown time zone with the nearest one', async () => {
    const problems = await check(invalidCron, { config: job('0 0 6 * * ?', 'Europe/Berlim') });
    expect(problems.map((p) => [p.message, p.hint])).toEqual([
      ['time zone "Europe/Berlim" is not a Java time zone id', 'did you mean Europe/Berlin?'],
    ]);
  });

  it('accepts a valid schedule and leaves references to other rules', async () => {
    expect(await check(invalidCron, { config: job('0 0 6 * * ?', 'Europe/Berlin') })).toEqual([]);
    expect(await check(invalidCron, { config: job('${var.cron}', '${var.tz}') })).toEqual([]);
  });
});
