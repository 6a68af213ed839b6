import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { RULES } from '../../../src/core/rules/catalog.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/core/settings.js';
import { settingsSchema } from '../../../src/core/settings-schema.js';

function failure(text: string): UsageError {
  try {
    parseSettings(text, RULES);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('dataops.yml settings', () => {
  it('uses the defaults without a file, or with an empty one', () => {
    expect(parseSettings(undefined, RULES)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('# nothing yet\n', RULES)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads rule levels and ignores, and keeps the other sections for their commands', () => {
    const settings = parseSettings(
      'validate:\n  rules:\n    invalid-cron: warning\n    sandbox-isolation: off\n  ignore:\n    - path: resources/legacy/**\n      rule: missing-file\nnotify:\n  mention: data-team\n',
      RULES,
    );
    expect(settings.validate).toEqual({
      rules: { 'invalid-cron': 'warning', 'sandbox-isolation': 'off' },
      ignore: [{ path: 'resources/legacy/**', rule: 'missing-file' }],
    });
    expect(settings.raw.notify).toEqual({ mention: 'data-team' });
  });

  it('rejects an unknown rule id at its line, with the nearest id', () => {
    const error = failure('validate:\n  rules:\n    invalid-corn: off\n');
    expect(error.message).toBe('dataops.yml: unknown setting "invalid-corn" in validate.rules');
    expect(error.location).toEqual({ file: 'dataops.yml', line: 3, column: 5 });
    expect(error.hint).toContain('did you mean invalid-cron?');
    expect(error.exitCode).toBe(2);
  });

  it('rejects a level that is not off, warning or error', () => {
    const error = failure('validate:\n  rules:\n    invalid-cron: fatal\n');
    expect(error.message).toBe('dataops.yml: validate.rules.invalid-cron must be one of off, warning, error');
    expect(error.location).toEqual({ file: 'dataops.yml', line: 3, column: 19 });
  });

  it('rejects malformed YAML with its line', () => {
    const error = failure('validate:\n  rules: [\n');
    expect(error.message).toMatch(/^dataops.yml is not valid YAML/);
    expect(error.location?.file).toBe('dataops.yml');
  });

  it('ships a schema that documents each default and leaves reserved sections open', () => {
    const schema = settingsSchema(RULES);
    expect(new Ajv().validateSchema(schema)).toBe(true);
    const text = JSON.stringify(schema);
    for (const rule of RULES) expect(text).toContain(`Default: ${rule.severity}.`);
    for (const section of ['notify', 'secrets', 'guard', 'slo', 'production']) {
      expect(schema.properties).toHaveProperty(section);
    }
  });
});
