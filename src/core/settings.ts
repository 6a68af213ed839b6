import { Ajv, type ErrorObject } from 'ajv';
import type { JsonObject, Location } from './bundle/model.js';
import { UsageError } from './errors.js';
import { isObject } from './bundle/config-values.js';
import type { Rule, RuleLevel } from './rules/rule.js';
import { settingsSchema } from './settings-schema.js';
import { suggest } from './suggest.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export const SETTINGS_FILE = 'dataops.yml';

export interface IgnoreEntry {
  path: string;
  rule?: string;
}

export interface ValidateSettings {
  /** Rule id → level; rules not named keep their own severity. */
  rules: Readonly<Record<string, RuleLevel>>;
  ignore: readonly IgnoreEntry[];
}

export interface Settings {
  validate: ValidateSettings;
  /** The whole file, for the sections other commands read. */
  raw: JsonObject;
}

export const DEFAULT_SETTINGS: Settings = { validate: { rules: {}, ignore: [] }, raw: {} };

/**
 * Reads `dataops.yml` (undefined text: no file, so the defaults). A file that is not valid
 * is a usage error pointing at the line to fix.
 */
export function parseSettings(text: string | undefined, rules: readonly Rule[]): Settings {
  if (text === undefined || text.trim() === '') return DEFAULT_SETTINGS;
  const parsed = parseYamlSource(SETTINGS_FILE, text);
  if (!parsed.ok) {
    throw new UsageError(`${SETTINGS_FILE} is not valid YAML: ${parsed.error.message}`, {
      location: parsed.error.location,
      hint: 'fix the YAML syntax at this line',
    });
  }
  const { source } = parsed;
  if (source.data === null) return DEFAULT_SETTINGS;
  const schema = settingsSchema(rules);
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (!validate(source.data)) {
    const error = (validate.errors ?? [])[0];
    if (error) throw settingsError(error, source, schema);
  }
  const raw = source.data as JsonObject;
  const section = isObject(raw.validate) ? raw.validate : {};
  return {
    validate: {
      rules: (isObject(section.rules) ? section.rules : {}) as Record<string, RuleLevel>,
      ignore: (Array.isArray(section.ignore) ? section.ignore : []) as unknown as IgnoreEntry[],
    },
    raw,
  };
}

/** dataops.yml as written, to point at a setting's line; undefined when there is none or it is not YAML (parseSettings reports that). */
export function settingsSourceOf(text: string | undefined): YamlSource | undefined {
  if (text === undefined) return undefined;
  const parsed = parseYamlSource(SETTINGS_FILE, text);
  return parsed.ok ? parsed.source : undefined;
}

function settingsError(error: ErrorObject, source: YamlSource, schema: JsonObject): UsageError {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
  const where = path.length > 0 ? path.join('.') : 'the top level';
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty);
    const known = Object.keys(propertiesAt(schema, path));
    const near = suggest(name, known);
    return new UsageError(`${SETTINGS_FILE}: unknown setting "${name}" in ${where}`, {
      location: source.locate([...path, name], 'key'),
      hint: near ? `did you mean ${near}? (dataops schema dataops.yml lists every setting)` : `known here: ${known.join(', ')}`,
    });
  }
  const problem = error.keyword === 'enum' ? `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` : (error.message ?? 'is not valid');
  return new UsageError(`${SETTINGS_FILE}: ${where} ${problem}`, {
    location: source.locate(path),
    hint: 'dataops schema dataops.yml prints every setting with its default',
  });
}


/** The `properties` the schema allows at a data path (validate.rules → the rule ids). */
function propertiesAt(schema: JsonObject, path: ReadonlyArray<string | number>): JsonObject {
  let node: JsonObject = schema;
  for (const part of path) {
    const properties = isObject(node.properties) ? node.properties : undefined;
    const items = isObject(node.items) ? node.items : undefined;
    const next = typeof part === 'number' ? items : properties?.[part];
    if (!isObject(next)) return {};
    node = next;
  }
  return isObject(node.properties) ? node.properties : {};
}
