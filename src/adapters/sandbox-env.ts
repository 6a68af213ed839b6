/**
 * A sandbox is deployed with its namespace (`dataops deploy` passes `--var namespace=<ns>`).
 * Every other command that looks at a sandbox — guard, drift, verify, slo, test — must see
 * the same names and paths, so it resolves, and asks the Databricks CLI, with the same
 * namespace: as BUNDLE_VAR_namespace, which both our resolver and the CLI read.
 */
import { classifyTarget, NAMESPACE_VAR, takesNamespace } from '../core/deploy/target-kind.js';
import { productionSettings } from '../core/deploy/settings.js';
import { fsBundleFiles } from './bundle-files.js';
import { loadResolvedTarget } from './load-bundle.js';
import { readSandboxNamespace } from './sandbox-namespace.js';

const NAMESPACE_ENV = `BUNDLE_VAR_${NAMESPACE_VAR}`;

export async function sandboxEnv(options: { cwd: string; env: NodeJS.ProcessEnv; target?: string }): Promise<NodeJS.ProcessEnv> {
  const { cwd, env, target } = options;
  if (env[NAMESPACE_ENV] !== undefined) return env;
  const { resolved, rootDir } = await loadResolvedTarget({ cwd, env, target });
  if (resolved.target === null) return env;
  // The same question deploy asks (dataops.yml may make a target production), so both use one namespace.
  const [{ RULES }, { parseSettings, SETTINGS_FILE }] = await Promise.all([import('../core/rules/catalog.js'), import('../core/settings.js')]);
  const settings = parseSettings(fsBundleFiles(rootDir).read(SETTINGS_FILE), RULES);
  if (!takesNamespace(classifyTarget(resolved.target, resolved.config, productionSettings(settings.raw)), resolved.config)) return env;
  const { namespace } = await readSandboxNamespace(rootDir, env);
  return { ...env, [NAMESPACE_ENV]: namespace };
}
