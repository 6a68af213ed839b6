import type { JsonObject } from './bundle/model.js';
import type { Rule } from './rules/rule.js';
import { SLO_SETTINGS_SCHEMA } from './slo/settings.js';
import { GUARD_SETTINGS_SCHEMA } from './guard/settings.js';
import { RELEASE_SETTINGS_SCHEMA } from './release/settings.js';
import { productionSettingsSchema } from './deploy/settings.js';
import { PLAN_SETTINGS_SCHEMA } from './plan/settings.js';
import { secretsSettingsSchema } from './setup/settings.js';
import { NOTIFY_SETTINGS_SCHEMA } from './notify/settings.js';

/**
 * The JSON schema of `dataops.yml`, shipped in the binary (`dataops schema dataops.yml`).
 * Each feature owns one top-level section.
 */

function ruleSetting(rule: Rule): JsonObject {
  return {
    description: `${rule.doc.summary}. Default: ${rule.severity}.`,
    enum: ['off', 'warning', 'error'],
    default: rule.severity,
  };
}

function validateSection(rules: readonly Rule[]): JsonObject {
  return {
    type: 'object',
    description: 'Settings of `dataops validate`. Default: every rule at its own severity, nothing ignored.',
    additionalProperties: false,
    properties: {
      rules: {
        type: 'object',
        description: 'Severity per rule id: off, warning or error. Default: each rule\'s own severity (see each property).',
        additionalProperties: false,
        properties: Object.fromEntries(rules.map((rule) => [rule.id, ruleSetting(rule)])),
      },
      ignore: {
        type: 'array',
        description:
          'Findings to leave out: each entry names files (a glob, relative to the bundle root, e.g. `resources/legacy/**`) and optionally one rule. Default: [] (nothing ignored).',
        default: [],
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', minLength: 1, description: 'Glob of files whose findings are ignored (picomatch syntax). Required.' },
            rule: { enum: rules.map((rule) => rule.id), description: 'Only this rule\'s findings. Default: every rule.' },
          },
        },
      },
    },
  };
}

export function settingsSchema(rules: readonly Rule[]): JsonObject {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://dataops.dev/schemas/dataops.yml.json',
    title: 'dataops.yml',
    description: 'Settings of the dataops CLI, in an optional dataops.yml at the bundle root. Every setting has a default; an empty or missing file uses them all.',
    type: 'object',
    additionalProperties: false,
    properties: {
      validate: validateSection(rules),
      guard: GUARD_SETTINGS_SCHEMA,
      release: RELEASE_SETTINGS_SCHEMA,
      notify: NOTIFY_SETTINGS_SCHEMA,
      slo: SLO_SETTINGS_SCHEMA,
      secrets: secretsSettingsSchema,
      production: productionSettingsSchema,
      plan: PLAN_SETTINGS_SCHEMA,
    },
  };
}
