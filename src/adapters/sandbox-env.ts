/**
 * A sandbox is deployed with its namespace (`dataops deploy` passes `--var namespace=<ns>`).
 * Every other command that looks at a sandbox — guard, drift, verify, slo, test — must see
 * the same names and paths, so it resolves, and asks the Databricks CLI, with the same
 * namespace: as BUNDLE_VAR_namespace, which both our resolver and the CLI read.
 */
import { isObject } from '../core/rules/config.js';
import { loadResolvedTarget } from './load-bundle.js';
import { readSandboxNamespace } from './sandbox-namespace.js';

const NAMESPACE_ENV = 'BUNDLE_VAR_namespace';

export async function sandboxEnv(options: { cwd: string; env: NodeJS.ProcessEnv; target?: string }): Promise<NodeJS.ProcessEnv> {
  const { cwd, env, target } = options;
  if (env[NAMESPACE_ENV] !== undefined) return env;
  const { resolved, rootDir } = await loadResolvedTarget({ cwd, env, target });
  const bundle = resolved.config.bundle;
  const development = isObject(bundle) && bundle.mode === 'development';
  const declared = isObject(resolved.config.variables) && 'namespace' in resolved.config.variables;
  if (!development || !declared) return env;
  const { namespace } = await readSandboxNamespace(rootDir, env);
  return { ...env, [NAMESPACE_ENV]: namespace };
}
