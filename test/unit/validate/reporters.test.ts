import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/catalog.js';
import type { ValidateReport } from '../../../src/core/validate.js';
import { renderAnnotations } from '../../../src/ui/reporters/github.js';
import { renderSarif } from '../../../src/ui/reporters/sarif.js';
import { renderText } from '../../../src/ui/reporters/text.js';

const report: ValidateReport = {
  findings: [
    { rule: 'invalid-cron', category: 'check', severity: 'error', message: 'cron expression "0 6 * * *" has 5 fields', target: 'prod', file: 'resources/a.yml', line: 2, column: 7, hint: 'use 6 fields' },
    { rule: 'bundle', category: 'check', severity: 'warning', message: 'something about the bundle', target: null, file: null, line: null, column: null, hint: null },
  ],
  summary: { errors: 1, warnings: 1, targets: ['dev', 'prod'] },
};

describe('validate reporters', () => {
  it('text: groups by file, shows the line with a caret under the column, the hint and a summary', () => {
    const text = renderText(report, (file) => (file === 'resources/a.yml' ? 'a:\n  x:\tcron\n' : undefined));
    expect(text.split('\n')).toEqual([
      'resources/a.yml',
      '  2:7     error    cron expression "0 6 * * *" has 5 fields  invalid-cron [prod]',
      '    2 |   x: cron',
      '      |       ^',
      '    hint: use 6 fields',
      '',
      '(bundle)',
      '          warning  something about the bundle  bundle',
      '',
      '✖ 1 error, 1 warning in 2 targets (dev, prod)',
    ]);
  });

  it('sarif: repository paths under the bundle root, and the root file for findings without one', () => {
    const sarif = renderSarif(report, RULES, { version: '1.2.3', uriPrefix: 'bundles/sales', rootFile: 'databricks.yml' }) as {
      runs: Array<{ tool: { driver: { version: string } }; results: Array<{ ruleIndex?: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: object } }> }> }>;
    };
    const [first, second] = sarif.runs[0]?.results ?? [];
    expect(first?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'bundles/sales/resources/a.yml' }, region: { startLine: 2, startColumn: 7 } });
    expect(second?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('bundles/sales/databricks.yml');
    expect(first?.ruleIndex).toBe(RULES.findIndex((r) => r.id === 'invalid-cron'));
  });

  it('github: one annotation per finding, file relative to the repository', () => {
    expect(renderAnnotations(report, 'bundles/sales').split('\n')).toEqual([
      '::error file=bundles/sales/resources/a.yml,line=2,col=7,title=dataops validate%3A invalid-cron (prod)::cron expression "0 6 * * *" has 5 fields%0Ahint: use 6 fields',
      '::warning title=dataops validate%3A bundle::something about the bundle',
    ]);
  });
});
