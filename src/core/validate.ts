import picomatch from 'picomatch';
import type { Diagnostic, ResolvedTarget } from './bundle/model.js';
import { UsageError } from './errors.js';
import { isObject } from './bundle/config-values.js';
import type { Rule, RuleInputs, SchemaError, SchemaValidator, Severity } from './rules/rule.js';
import type { ValidateSettings } from './settings.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** One finding of `dataops validate`, as `--format json` prints it. */
export interface Finding {
  rule: string;
  /** `policy`: this platform's rule for how to deploy (see Rule.policy); `check`: a defect in the bundle. */
  category: 'check' | 'policy';
  severity: Severity;
  message: string;
  /** The target it was found in; null when every validated target has it (a file-level problem). */
  target: string | null;
  /** Relative to the bundle root. */
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
  /** For a policy finding, the policy in one sentence. */
  policy?: string;
}

export interface ValidateReport {
  findings: Finding[];
  summary: { errors: number; warnings: number; targets: string[] };
}

/** What the rules may read; `sourceOf` gives a configuration file as written (see `sourceReader`). */
export type ValidateInputs = Omit<RuleInputs, 'sources'> & {
  sourceOf: (file: string) => YamlSource | undefined;
  /** Why the bundle or a target could not be loaded: each is an error finding of the `bundle` rule, whatever the settings. */
  loadErrors?: readonly Diagnostic[];
};

/**
 * Runs the rules (at the severity the settings give them) over each resolved target. Targets
 * may come one at a time: nothing of a target is kept once its rules ran, so a large bundle's
 * targets need not all be in memory at once.
 */
export async function validateTargets(
  targets: Iterable<ResolvedTarget> | AsyncIterable<ResolvedTarget>,
  inputs: ValidateInputs,
  rules: readonly Rule[],
  settings: ValidateSettings,
): Promise<ValidateReport> {
  const active = rules.filter((rule) => (settings.rules[rule.id] ?? rule.severity) !== 'off');
  const ignored = ignoreMatcher(settings);
  const seen = new Map<string, { finding: Finding; targets: Set<string | null> }>();
  const schema = inputs.schema && oncePerDocument(inputs.schema);
  const names: string[] = [];
  for await (const target of targets) {
    names.push(target.target ?? 'default');
    const sources = target.files.map(inputs.sourceOf).filter((s): s is YamlSource => s !== undefined);
    const context = { files: inputs.files, schema, sql: inputs.sql, production: inputs.production, target, sources };
    const results = await Promise.all(active.map(async (rule) => ({ rule, problems: await rule.check(context) })));
    for (const { rule, problems } of results) {
      for (const problem of problems) {
        const finding: Finding = {
          rule: rule.id,
          category: rule.policy ? 'policy' : 'check',
          severity: (settings.rules[rule.id] ?? rule.severity) as Severity,
          message: problem.message,
          target: target.target,
          file: problem.location?.file ?? null,
          line: problem.location?.line ?? null,
          column: problem.location?.column ?? null,
          hint: problem.hint ?? rule.policy?.change ?? null,
          ...(rule.policy ? { policy: rule.policy.statement } : {}),
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
  findings.push(...(inputs.loadErrors ?? []).map(loadFinding));
  findings.sort(byPlace);
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      targets: names,
    },
  };
}

/**
 * Why the bundle could not be loaded (malformed YAML, a duplicate key, a missing include, a
 * variable without a value), as the diagnostic validate reports as a finding; undefined for
 * anything else, such as a target the command line names that the bundle lacks (a usage error).
 */
export function loadFailure(error: unknown): Diagnostic | undefined {
  if (!(error instanceof UsageError) || /: no such target\./.test(error.message)) return undefined;
  const at = error.location;
  const d: Diagnostic = { severity: 'error', summary: error.message, locations: at ? [{ file: at.file, line: at.line ?? 1, column: at.column ?? 1 }] : [], paths: [] };
  if (error.hint) d.detail = error.hint;
  return d;
}

/** A bundle that cannot be loaded fails validation at the place that stopped it (never silently, never downgraded). */
function loadFinding(d: Diagnostic): Finding {
  const at = d.locations[0];
  return { rule: 'bundle', category: 'check', severity: 'error', message: d.summary, target: null, file: at?.file ?? null, line: at?.line ?? null, column: at?.column ?? null, hint: d.detail ?? null };
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
