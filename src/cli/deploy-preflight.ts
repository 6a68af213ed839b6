/**
 * The first preflight step of deploy and destroy: resolve the target offline (with the
 * sandbox namespace when the target is a sandbox that declares it) and run the rules of
 * `dataops validate` over it, in-process.
 */
import type { BundleFiles, ResolvedTarget } from '../core/bundle/model.js';
import { productionSettings } from '../core/deploy/settings.js';
import type { Vars } from '../core/bundle/var-flags.js';
import type { ResolveOutcome } from '../core/deploy/flow.js';
import type { Deployment } from '../core/deploy/deployment.js';
import type { Settings } from '../core/settings.js';
import type { ValidateReport } from '../core/validate.js';
import type { Project } from '../adapters/project.js';

export interface PreflightInputs {
  project: Project;
  target: string;
  /** The user's --var, as parsed once for the whole run. */
  vars: Vars;
  /** Run the rules (deploy) or only resolve (destroy). */
  validate: boolean;
}

export interface ResolvedForDeploy {
  outcome: ResolveOutcome;
  /** The rules' findings, for the command to print; null when validation did not run. */
  report: ValidateReport | null;
  files: BundleFiles;
}

export async function resolveForDeploy(inputs: PreflightInputs): Promise<ResolvedForDeploy> {
  const { project, target } = inputs;
  const [deployment, files] = await Promise.all([project.deployment(target, inputs.vars), project.files()]);
  const { kind, namespace } = deployment;
  const where = `${kind} target ${target}${namespace ? `, namespace ${namespace}` : ''}`;
  if (!inputs.validate) {
    const errors = deployment.resolved.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) return { outcome: { ok: false, detail: `the bundle does not load: ${errors.map((d) => d.summary).join('; ')}`, hint: whereToLook(deployment, 'dataops validate -t ' + target + ' shows every problem') }, report: null, files };
    return { outcome: { ok: true, resolution: deployment, detail: where }, report: null, files };
  }
  const report = await validateOne(deployment.resolved, files, await project.settings(), project.env);
  const { errors, warnings } = report.summary;
  const outcome: ResolveOutcome =
    errors > 0
      ? { ok: false, detail: `dataops validate found ${errors} error${errors === 1 ? '' : 's'} in ${target}`, hint: whereToLook(deployment, 'fix the errors above; dataops validate -t ' + target + ' shows them again') }
      : { ok: true, resolution: deployment, detail: `${where}; ${warnings === 0 ? 'no problems' : `${warnings} warning${warnings === 1 ? '' : 's'}`}` };
  return { outcome, report, files };
}

/**
 * Where to see the problems again. `dataops validate` is offline: it shows the resolver's errors
 * but never looks a name up, so a failed lookup is explained with its own fix instead.
 */
export function whereToLook(deployment: Deployment, offline: string): string {
  const [lookup] = deployment.failedLookups ?? [];
  if (!lookup) return offline;
  const fix = lookup.detail ?? 'name exactly one object in each lookup, or give the variable a value with --var';
  return `${fix}. Lookups are resolved against the workspace only by online commands (plan, deploy, guard); dataops validate is offline and does not show them`;
}

async function validateOne(target: ResolvedTarget, files: BundleFiles, settings: Settings, env: NodeJS.ProcessEnv): Promise<ValidateReport> {
  const [{ RULES }, validate, { loadBundleSchemaValidator }, { createSqlChecker }] = await Promise.all([
    import('../core/rules/catalog.js'),
    import('../core/validate.js'),
    import('../adapters/bundle-schema.js'),
    import('../adapters/sql-checker.js'),
  ]);
  const sourceOf = validate.sourceReader(files);
  let schema = null;
  if (settings.validate.rules.schema !== 'off') {
    const documents = target.files.map((file) => sourceOf(file)?.data ?? null);
    schema = (await loadBundleSchemaValidator(env, documents)).validator;
  }
  const sql = createSqlChecker(env);
  const report = await validate.validateTargets([target], { files, schema, sql, sourceOf, production: productionSettings(settings.raw) }, RULES, settings.validate);
  sql.save();
  return report;
}
