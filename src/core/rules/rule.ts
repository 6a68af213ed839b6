import type { BundleFiles, JsonValue, Location, ResolvedTarget } from '../bundle/model.js';
import type { ProductionSettings } from '../deploy/settings.js';
import type { YamlSource } from '../yaml-source.js';

export type Severity = 'error' | 'warning';

/** What `dataops.yml` may say about a rule: its severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** The documentation of a rule: `--help`, SARIF `help` and the dataops.yml schema show it. */
export interface RuleDoc {
  /** One line: what the rule finds. */
  summary: string;
  /** One paragraph: why it matters and what the rule looks at. */
  description: string;
  /**
   * A small project the rule rejects, and the same fixed: databricks.yml (without its
   * `bundle:` section), then any further file after a line `# <path>`. A test runs both
   * through the resolver and the rule, so the docs show what the rule really does.
   */
  bad: string;
  good: string;
}

/** One problem a rule found. The runner adds the rule id, its severity and the target. */
export interface Problem {
  message: string;
  location?: Location;
  /** What to do about it, e.g. the reference that was probably meant. */
  hint?: string;
}

/** A place in a SQL text, 1-based, and what the grammar expected there. */
export interface SqlSyntaxError {
  line: number;
  column: number;
  message: string;
  /** The statement was not checked (too long): the message says why. */
  unchecked?: true;
}

/** Checks Spark SQL syntax; the implementation may load the parser lazily and cache results. */
export interface SqlChecker {
  check(sql: string): Promise<SqlSyntaxError[]>;
}

/** One violation of the bundle JSON schema, shaped like an ajv error (verbose). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

/** Validates one configuration file's data against the bundle JSON schema. */
export type SchemaValidator = (data: JsonValue) => readonly SchemaError[];

/** What rules may read besides the resolved target. Core code never touches files itself. */
export interface RuleInputs {
  /** Every configuration file of the bundle as written (before merges), in load order. */
  sources: readonly YamlSource[];
  files: Pick<BundleFiles, 'read' | 'exists' | 'glob'>;
  /** Null when no bundle schema is available (no Databricks CLI): the schema rule then stays silent. */
  schema: SchemaValidator | null;
  sql: SqlChecker;
  /** dataops.yml's `production` section: with `mode`, it says which targets are production. */
  production: ProductionSettings;
}

export interface RuleContext extends RuleInputs {
  target: ResolvedTarget;
}

/**
 * A rule that enforces how this platform wants bundles deployed (not a defect the Databricks
 * CLI or the workspace would trip over): its findings say so, with the one change that complies.
 */
export interface Policy {
  /** The policy in one sentence. */
  statement: string;
  /** The one change that satisfies it (a finding's own hint may say it more precisely). */
  change: string;
}

export interface Rule {
  /** Stable id, used in dataops.yml, SARIF and the output. */
  id: string;
  /** Default severity (a team sets another in dataops.yml); policies default to warnings, advice a team may make binding. */
  severity: Severity;
  doc: RuleDoc;
  /** Set for platform policies (the `policy` category); absent for checks of the bundle itself. */
  policy?: Policy;
  check(context: RuleContext): Problem[] | Promise<Problem[]>;
}
