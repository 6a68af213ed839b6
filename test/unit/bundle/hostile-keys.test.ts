/**
 * Keys named like JavaScript object internals are ordinary keys in a bundle: no map of the
 * value model inherits from Object.prototype, so they resolve, print and validate like any
 * other name.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/catalog.js';
import { valueAt } from '../../../src/core/bundle/config-values.js';
import { DEFAULT_SETTINGS } from '../../../src/core/settings.js';
import { sourceReader, validateTargets } from '../../../src/core/validate.js';
import { sparkSqlChecker } from '../../helpers/rule-context.js';
import { at, errors, memoryFiles, resolve } from './helpers.js';

const KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

function bundle(key: string): Record<string, string> {
  return {
    'databricks.yml': [
      'bundle:',
      '  name: b',
      `${key}: 1`,
      'variables:',
      `  ${key}:`,
      '    default: x',
      'resources:',
      '  jobs:',
      `    ${key}:`,
      `      name: job \${var.${key}}`,
      '      tags:',
      `        ${key}: v`,
      `      ${key}:`,
      '        a: 1',
      'targets:',
      '  dev:',
      '    mode: development',
      '    default: true',
      `  ${key}:`,
      '    workspace:',
      '      host: https://example.cloud.databricks.com',
      '',
    ].join('\n'),
  };
}

describe('keys named like JavaScript object internals', () => {
  for (const key of KEYS) {
    it(`${key} resolves as a plain key and validates without a crash`, async () => {
      const files = bundle(key);
      const dev = resolve(files, { target: 'dev' });
      expect(errors(dev)).toEqual([]);
      // A reference must start with a letter (the CLI's pattern): `${var.__proto__}` stays as written.
      expect(at(dev, `resources.jobs.${key}.name`)).toBe(/^[a-z]/i.test(key) ? '[dev tester] job x' : `[dev tester] job \${var.${key}}`);
      expect(at(dev, `resources.jobs.${key}.tags.${key}`)).toBe('v');
      expect(Object.keys(JSON.parse(dev.toJson()).resources.jobs)).toEqual([key]);
      // What the rules read: the same keys, none lost to a prototype.
      expect(Object.keys(valueAt(dev.config, ['resources', 'jobs']) as object)).toEqual([key]);
      expect(valueAt(dev.config, ['resources', 'jobs', key, 'tags', key])).toBe('v');
      expect(valueAt(dev.config, ['resources', 'pipelines', key])).toBeUndefined();
      const other = resolve(files, { target: key });
      expect(other.target).toBe(key);
      const memory = memoryFiles(files);
      const report = await validateTargets([dev, other], { files: memory, schema: null, sql: sparkSqlChecker(), production: { targets: [] }, sourceOf: sourceReader(memory) }, RULES, DEFAULT_SETTINGS.validate);
      expect(report.summary.targets).toEqual(['dev', key]);
    });
  }
});
