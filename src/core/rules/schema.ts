import type { ConfigPath, JsonValue } from '../bundle/model.js';
import { suggest } from '../suggest.js';
import type { YamlSource } from '../yaml-source.js';
import { isObject, valueAt } from '../bundle/config-values.js';
import type { Problem, Rule, SchemaError } from './rule.js';

/**
 * The bundle schema writes "or a ${...} reference" as extra oneOf branches with a `pattern`.
 * Their failures, and the oneOf summaries, are noise around the real error of the other branch.
 * Required fields are not checked per file: a target override legitimately sets only a few.
 */
const NOISE = new Set(['oneOf', 'anyOf', 'pattern', 'required', 'if']);

function pathOf(error: SchemaError): ConfigPath {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const isReferenceBranch = (error: SchemaError): boolean => isObject(error.parentSchema as JsonValue) && 'pattern' in (error.parentSchema as object);

/** Values the Databricks CLI converts to the field's type without complaint (`"2"` for an int, `2` for a string). */
function convertible(expected: string, value: JsonValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  switch (expected) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean';
    case 'integer':
      return (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) || (typeof value === 'number' && Number.isInteger(value));
    case 'number':
      return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
    case 'boolean':
      return typeof value === 'string' && /^(true|false)$/i.test(value);
    default:
      return false;
  }
}

const TYPE_NOUNS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
};

function describe(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function problemFor(error: SchemaError, source: YamlSource): Problem | undefined {
  const path = pathOf(error);
  const where = path.length > 0 ? path.join('.') : 'the top level';
  const value = valueAt(source.data, path);
  if (error.keyword === 'additionalProperties') {
    const field = String(error.params.additionalProperty);
    const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
    const near = suggest(field, Object.keys(parent?.properties ?? {}));
    return {
      message: `unknown field "${field}" in ${where}`,
      location: source.locate([...path, field], 'key'),
      hint: near ? `did you mean ${near}?` : 'remove it, or check the field names in the Databricks bundle reference',
    };
  }
  if (error.keyword === 'type') {
    const expected = String(error.params.type);
    if (convertible(expected, value)) return undefined;
    return { message: `${where} must be ${TYPE_NOUNS[expected] ?? expected}, not ${describe(value)}`, location: source.locate(path) };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String);
    const near = typeof value === 'string' ? suggest(value, allowed) : undefined;
    return {
      message: `${where} is ${JSON.stringify(value)}, which is not one of ${allowed.join(', ')}`,
      location: source.locate(path),
      ...(near ? { hint: `did you mean ${near}?` } : {}),
    };
  }
  return { message: `${where} ${error.message ?? 'does not match the bundle schema'}`, location: source.locate(path) };
}

export const schema: Rule = {
  id: 'schema',
  severity: 'error',
  doc: {
    summary: 'A field or value that the Databricks bundle schema does not allow',
    description:
      'Each configuration file is checked against the JSON schema of the installed Databricks CLI (`databricks bundle schema`, cached per CLI version). A misspelt field (`notebok_task`) is otherwise dropped with a warning that scrolls past, and a wrong type or enum value (`pause_status: STOPPED`) fails only at deploy time. Values the CLI converts on its own (`"2"` for a number) and `${...}` references are accepted.',
    bad: 'resources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebok_task:\n            notebook_path: ../src/ingest.py',
    good: 'resources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebook_task:\n            notebook_path: ../src/ingest.py',
  },
  check({ sources, schema: validate }) {
    if (!validate) return [];
    const problems: Problem[] = [];
    for (const source of sources) {
      const errors = validate(source.data).filter((error) => !NOISE.has(error.keyword));
      const seen = new Set<string>();
      for (const error of errors) {
        if (error.keyword === 'type' && isReferenceBranch(error)) continue;
        const problem = problemFor(error, source);
        if (!problem) continue;
        const key = `${problem.location?.line}:${problem.location?.column}:${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problem);
      }
    }
    return problems;
  },
};
