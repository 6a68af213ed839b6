import type { JsonObject, JsonValue } from '../bundle/model.js';
import { suggest } from '../suggest.js';
import { isObject, valueAt } from '../bundle/config-values.js';
import { stringsIn } from './config.js';
import type { Problem, Rule } from './rule.js';

/** `${a.b[0].c}` as the Databricks CLI recognises it (letters, digits, `-`/`_` inside, list indexes). */
const REFERENCE = /\$\{(\p{L}[\p{L}\p{N}_-]*(?:\[\d+\])*(?:\.\p{L}[\p{L}\p{N}_-]*(?:\[\d+\])*)*)\}/gu;

/** Built-ins the CLI always knows, even when this target leaves them empty (no git repository, say). */
const BUILT_INS = [
  'bundle.name',
  'bundle.target',
  'bundle.uuid',
  'bundle.environment',
  'bundle.git.branch',
  'bundle.git.actual_branch',
  'bundle.git.commit',
  'bundle.git.origin_url',
  'bundle.git.bundle_root_path',
  'workspace.host',
  'workspace.profile',
  'workspace.current_user.userName',
  'workspace.current_user.short_name',
  'workspace.current_user.domain_friendly_name',
  'workspace.current_user.id',
  'workspace.root_path',
  'workspace.file_path',
  'workspace.artifact_path',
  'workspace.resource_path',
  'workspace.state_path',
  // Set by the deployment itself; the CLI leaves the reference for then.
  'workspace.snapshot_path',
];

function parts(reference: string): Array<string | number> {
  return reference.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

/** Dotted paths of the maps in a value (lists are not walked: references rarely index them). */
function objectPaths(value: JsonValue, prefix: string, into: string[]): string[] {
  if (!isObject(value)) return into;
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    into.push(path);
    objectPaths(child, path, into);
  }
  return into;
}

/** Why a reference left unresolved by the resolver is wrong; undefined when it is fine as it is. */
function explain(reference: string, config: JsonObject): { why: string; candidates: () => string[] } | undefined {
  const [root, second, third] = parts(reference);
  if (root === 'resources') {
    // Resource fields (`.id`, `.url`) are only known once deployed: the CLI resolves them at deploy time.
    if (isObject(valueAt(config, ['resources', String(second), String(third)]))) return undefined;
    const field = reference.split('.').slice(3).map((part) => `.${part}`).join('');
    return {
      why: `there is no resource ${String(second)}.${String(third)}`,
      candidates: () =>
        Object.entries(isObject(config.resources) ? config.resources : {}).flatMap(([type, group]) =>
          Object.keys(isObject(group) ? group : {}).map((key) => `resources.${type}.${key}${field}`),
        ),
    };
  }
  if (root === 'var' || root === 'variables') {
    // A lookup variable stays a reference until the workspace answers it at deploy time.
    if (isObject(valueAt(config, ['variables', String(second)]))) return undefined;
    return {
      why: `there is no variable ${String(second)}`,
      candidates: () => Object.keys(isObject(config.variables) ? config.variables : {}).map((name) => `var.${name}`),
    };
  }
  if (valueAt(config, parts(reference)) !== undefined || BUILT_INS.includes(reference)) return undefined;
  return {
    why: 'no such field in the bundle configuration',
    candidates: () => [...BUILT_INS, ...['bundle', 'workspace', 'artifacts', 'presets'].flatMap((top) => objectPaths(config[top] ?? null, top, []))],
  };
}

export const unknownReference: Rule = {
  id: 'unknown-reference',
  severity: 'error',
  doc: {
    summary: 'A ${...} reference that does not resolve',
    description:
      'The Databricks CLI replaces `${...}` references with values from the bundle (`${bundle.target}`, `${var.catalog}`, `${workspace.current_user.short_name}`, `${resources.jobs.ingest.id}`). A reference to something that does not exist is left as text or fails the deployment, and a misspelt one such as `${bundle.git_branch}` (the field is `${bundle.git.branch}`) often goes unnoticed until a job runs with a literal `${...}` in its parameters. The rule names the nearest existing reference.',
    bad: 'resources:\n  jobs:\n    ingest:\n      parameters:\n        - name: branch\n          default: ${bundle.git_branch}',
    good: 'resources:\n  jobs:\n    ingest:\n      parameters:\n        - name: branch\n          default: ${bundle.git.branch}',
  },
  check({ target }) {
    const problems: Problem[] = [];
    for (const string of stringsIn(target.config)) {
      const { text } = string;
      if (!text.includes('${')) continue;
      for (const match of text.matchAll(REFERENCE)) {
        const reference = match[1] ?? '';
        const wrong = explain(reference, target.config);
        if (!wrong) continue;
        const near = suggest(reference, wrong.candidates());
        problems.push({
          message: `\${${reference}} does not resolve: ${wrong.why}`,
          location: target.locate(string.path),
          hint: near ? `did you mean \${${near}}?` : 'check the spelling against the bundle configuration (dataops resolve shows it)',
        });
      }
    }
    return problems;
  },
};
