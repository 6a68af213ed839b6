import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/catalog.js';
import { DEFAULT_SETTINGS } from '../../../src/core/settings.js';
import { sourceReader, validateTargets } from '../../../src/core/validate.js';
import { resolvedTarget, ruleContext } from '../../helpers/rule-context.js';

const sources = {
  'databricks.yml': 'bundle:\n  name: sales\ninclude:\n  - resources/*.yml\ntargets:\n  dev:\n    mode: development\n  prod:\n    mode: production\n',
  'resources/nightly.yml': 'resources:\n  jobs:\n    nightly:\n      name: nightly\n      schedule:\n        quartz_cron_expression: "0 6 * * *"\n        timezone_id: UTC\n',
};

function target(name: string, mode: string) {
  return resolvedTarget({
    target: name,
    files: Object.keys(sources),
    config: {
      bundle: { name: 'sales', mode },
      workspace: { current_user: { userName: 'ci@example.com', short_name: 'ci' }, root_path: '/Workspace/Shared/.bundle/sales' },
      resources: { jobs: { nightly: { name: 'nightly', schedule: { quartz_cron_expression: '0 6 * * *', timezone_id: 'UTC' } } } },
    },
    locations: {
      'resources.jobs.nightly': 'resources/nightly.yml:3:5',
      'resources.jobs.nightly.schedule.quartz_cron_expression': 'resources/nightly.yml:6:33',
    },
  });
}

const inputs = () => {
  const { files, schema, sql, production } = ruleContext({ config: {}, sources });
  return { files, schema, sql, production, sourceOf: sourceReader(files) };
};

describe('validateTargets', () => {
  it('reports a problem found in every target once, without a target, and counts severities', async () => {
    const report = await validateTargets([target('staging', 'staging'), target('prod2', 'staging')], inputs(), RULES, DEFAULT_SETTINGS.validate);
    const cron = report.findings.filter((f) => f.rule === 'invalid-cron');
    expect(cron).toEqual([
      expect.objectContaining({ severity: 'error', target: null, file: 'resources/nightly.yml', line: 6, column: 33 }),
    ]);
    expect(report.summary).toEqual({
      errors: report.findings.filter((f) => f.severity === 'error').length,
      warnings: report.findings.filter((f) => f.severity === 'warning').length,
      targets: ['staging', 'prod2'],
    });
    expect(report.summary.warnings).toBeGreaterThan(0);
  });

  it('keeps the target of a problem found in one target only', async () => {
    const report = await validateTargets([target('dev', 'development'), target('staging', 'staging')], inputs(), RULES, DEFAULT_SETTINGS.validate);
    expect(report.findings.find((f) => f.rule === 'missing-failure-notification')?.target).toBe('staging');
  });

  it('applies rule levels and ignores from the settings', async () => {
    const report = await validateTargets([target('staging', 'staging')], inputs(), RULES, {
      rules: { 'invalid-cron': 'warning', 'missing-failure-notification': 'off' },
      ignore: [{ path: 'other/**' }],
    });
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['invalid-cron', 'warning']]);
    const ignored = await validateTargets([target('staging', 'staging')], inputs(), RULES, {
      rules: {},
      ignore: [{ path: 'resources/*.yml', rule: 'invalid-cron' }],
    });
    expect(ignored.findings.map((f) => f.rule)).toEqual(['missing-failure-notification']);
  });
});
