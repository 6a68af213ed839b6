import picomatch from 'picomatch';
import type { ResolvedTarget } from './bundle/model.js';
import { isObject } from './rules/config.js';
import type { Rule, RuleInputs, SchemaError, SchemaValidator, Severity } from './rules/rule.js';
import type { ValidateSettings } from './settings.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** One finding of `dataops validate`, as `--format json` prints it. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** The target it was found in; null when every validated target has it (a file-level problem). */
  target: string | null;
  /** Relative to the bundle root. */
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

export interface ValidateReport {
  findings: Finding[];
  summary: { errors: number; warnings: number; targets: string[] };
}

/** What the rules may read; `sourceOf` gives a configuration file as written (see `sourceReader`). */
export type ValidateInputs = Omit<RuleInputs, 'sources'> & { sourceOf: (file: string) => YamlSource | undefined };

/** Runs the rules (at the severity the settings give them) over each resolved target. */
export async function validateTargets(
  targets: readonly ResolvedTarget[],
  inputs: ValidateInputs,
  rules: readonly Rule[],
  settings: ValidateSettings,
): Promise<ValidateReport> {
  const active = rules.filter((rule) => (settings.rules[rule.id] ?? rule.severity) !== 'off');
  const ignored = ignoreMatcher(settings);
  const seen = new Map<string, { finding: Finding; targets: Set<string | null> }>();
  const schema = inputs.schema && oncePerDocument(inputs.schema);
  for (const target of targets) {
    const sources = target.files.map(inputs.sourceOf).filter((s): s is YamlSource => s !== undefined);
    const context = { files: inputs.files, schema, sql: inputs.sql, production: inputs.production, target, sources };
    const results = await Promise.all(active.map(async (rule) => ({ rule, problems: await rule.check(context) })));
    for (const { rule, problems } of results) {
      for (const problem of problems) {
        const finding: Finding = {
          rule: rule.id,
          severity: (settings.rules[rule.id] ?? rule.severity) as Severity,
          message: problem.message,
          target: target.target,
          file: problem.location?.file ?? null,
          line: problem.location?.line ?? null,
          column: problem.location?.column ?? null,
          hint: problem.hint ?? null,
        };
        if (ignored(finding)) continue;
        // The same problem in several targets (a file-level one, typically) is reported once.
        const key = JSON.stringify([finding.rule, finding.file, finding.line, finding.column, finding.message]);
        const entry = seen.get(key) ?? { finding, targets: new Set() };
        entry.targets.add(target.target);
        seen.set(key, entry);
      }
    }
  }
  const findings = [...seen.values()].map(({ finding, targets: where }) => ({ ...finding, target: where.size > 1 ? null : finding.target }));
  findings.sort(byPlace);
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      targets: targets.map((t) => t.target ?? 'default'),
    },
  };
}

/** Every target loads the same files: each file's data is checked against the schema once. */
function oncePerDocument(validate: SchemaValidator): SchemaValidator {
  const verdicts = new WeakMap<object, readonly SchemaError[]>();
  return (data) => {
    if (typeof data !== 'object' || data === null) return validate(data);
    let errors = verdicts.get(data);
    if (!errors) verdicts.set(data, (errors = validate(data)));
    return errors;
  };
}

/** Configuration files parsed once, however many targets load them. */
export function sourceReader(files: RuleInputs['files']): (file: string) => YamlSource | undefined {
  const cache = new Map<string, YamlSource | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const text = files.read(file);
      const parsed = text === undefined ? undefined : parseYamlSource(file, text);
      cache.set(file, parsed?.ok ? parsed.source : undefined);
    }
    return cache.get(file);
  };
}

function ignoreMatcher(settings: ValidateSettings): (finding: Finding) => boolean {
  const entries = settings.ignore.map((entry) => ({ rule: entry.rule, matches: picomatch(entry.path, { dot: true }) }));
  return (finding) => finding.file !== null && entries.some((e) => (e.rule === undefined || e.rule === finding.rule) && e.matches(finding.file ?? ''));
}

function byPlace(a: Finding, b: Finding): number {
  return (
    (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

/** Target names declared in the configuration files, in the order they first appear. */
export function declaredTargets(sources: readonly YamlSource[]): string[] {
  const names = new Set<string>();
  for (const { data } of sources) {
    const targets = isObject(data) ? data.targets : undefined;
    if (isObject(targets)) for (const name of Object.keys(targets)) names.add(name);
  }
  return [...names];
}
