/**
 * The first preflight step of deploy and destroy: resolve the target offline (with the
 * sandbox namespace when the target is a sandbox that declares it) and run the rules of
 * `dataops validate` over it, in-process.
 */
import type { BundleFiles, ResolvedTarget } from '../core/bundle/model.js';
import type { Vars } from '../core/deploy/cli-args.js';
import type { ResolveOutcome } from '../core/deploy/flow.js';
import { productionSettings } from '../core/deploy/settings.js';
import { classifyTarget, NAMESPACE_VAR, takesNamespace } from '../core/deploy/target-kind.js';
import { UsageError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import type { ValidateReport } from '../core/validate.js';
import { fsBundleFiles } from './bundle-files.js';
import { loadResolvedTarget } from './load-bundle.js';
import { readSandboxNamespace } from './sandbox-namespace.js';

/** The variable a sandbox target declares to receive the namespace (the blueprint's databricks.yml). */

export interface PreflightInputs {
  cwd: string;
  env: NodeJS.ProcessEnv;
  target: string;
  vars: Vars;
  /** Run the rules (deploy) or only resolve (destroy). */
  validate: boolean;
}

export interface ResolvedForDeploy {
  outcome: ResolveOutcome;
  /** The rules' findings, for the command to print; null when validation did not run. */
  report: ValidateReport | null;
  rootDir: string;
  files: BundleFiles;
}

export async function resolveForDeploy(inputs: PreflightInputs): Promise<ResolvedForDeploy> {
  const { cwd, env, target, vars } = inputs;
  const [{ RULES }, { parseSettings, SETTINGS_FILE }] = await Promise.all([import('../core/rules/catalog.js'), import('../core/settings.js')]);
  let loaded = await loadResolvedTarget({ cwd, env, target, vars });
  const files = fsBundleFiles(loaded.rootDir);
  if (loaded.resolved.target !== target) {
    const error = loaded.resolved.diagnostics.find((d) => d.severity === 'error');
    throw new UsageError(error?.summary ?? `target ${target} is not defined in the bundle`, {
      ...(error?.locations[0] ? { location: error.locations[0] } : {}),
      hint: 'dataops resolve -t <target> shows the targets the bundle defines',
    });
  }
  const settings = parseSettings(files.read(SETTINGS_FILE), RULES);
  const kind = classifyTarget(target, loaded.resolved.config, productionSettings(settings.raw));
  let allVars = vars;
  let namespace: string | null = null;
  if (takesNamespace(kind, loaded.resolved.config) && !vars.some(([name]) => name === NAMESPACE_VAR)) {
    namespace = (await readSandboxNamespace(loaded.rootDir, env)).namespace;
    allVars = [[NAMESPACE_VAR, namespace], ...vars];
    loaded = await loadResolvedTarget({ cwd, env, target, vars: allVars });
  }
  const resolution = { target: loaded.resolved, kind, vars: allVars, namespace };
  const where = `${kind} target ${target}${namespace ? `, namespace ${namespace}` : ''}`;
  if (!inputs.validate) {
    const errors = loaded.resolved.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) return { outcome: { ok: false, detail: `the bundle does not load: ${errors.map((d) => d.summary).join('; ')}` }, report: null, rootDir: loaded.rootDir, files };
    return { outcome: { ok: true, resolution, detail: where }, report: null, rootDir: loaded.rootDir, files };
  }
  const report = await validateOne(loaded.resolved, files, settings, env);
  const { errors, warnings } = report.summary;
  const outcome: ResolveOutcome =
    errors > 0
      ? { ok: false, detail: `dataops validate found ${errors} error${errors === 1 ? '' : 's'} in ${target}`, hint: 'fix the errors above; dataops validate -t ' + target + ' shows them again' }
      : { ok: true, resolution, detail: `${where}; ${warnings === 0 ? 'no problems' : `${warnings} warning${warnings === 1 ? '' : 's'}`}` };
  return { outcome, report, rootDir: loaded.rootDir, files };
}

async function validateOne(target: ResolvedTarget, files: BundleFiles, settings: Settings, env: NodeJS.ProcessEnv): Promise<ValidateReport> {
  const [{ RULES }, validate, { loadBundleSchemaValidator }, { createSqlChecker }] = await Promise.all([
    import('../core/rules/catalog.js'),
    import('../core/validate.js'),
    import('./bundle-schema.js'),
    import('./sql-checker.js'),
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
