/**
 * Which rules a target falls under. Development targets are personal sandboxes; production
 * is `mode: production` or a target that dataops.yml names; everything else is shared
 * (staging, test, qa…) and treated as staging.
 */
import type { JsonObject } from '../bundle/model.js';
import { isObject, stringAt, targetMode } from '../bundle/config-values.js';
import type { ProductionSettings } from './settings.js';

export type TargetKind = 'sandbox' | 'staging' | 'production';

/**
 * The one answer to "is this target production": `mode: production`, or a target that
 * dataops.yml lists under `production.targets`. Deploy, destroy, the guard (which fails closed
 * on it), drift and the rules all ask this, so no command can treat production as staging.
 */
export function isProduction(name: string | null, config: JsonObject, production: ProductionSettings): boolean {
  return targetMode(config) === 'production' || (name !== null && production.targets.includes(name));
}

export function classifyTarget(name: string, config: JsonObject, production: ProductionSettings): TargetKind {
  if (isProduction(name, config, production)) return 'production';
  if (targetMode(config) === 'development') return 'sandbox';
  return 'staging';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The service principal a configuration runs as (`run_as`), or undefined when it runs as a person or the deployer. */
export function runAsServicePrincipal(runAs: JsonObject | undefined): string | undefined {
  if (!runAs) return undefined;
  const named = stringAt(runAs, ['service_principal_name']);
  if (named) return named;
  // A service principal's application id is a UUID; Databricks accepts it as user_name too.
  const user = stringAt(runAs, ['user_name']);
  return user !== undefined && UUID.test(user) ? user : undefined;
}

/**
 * What makes a target look like production by what it does: it runs as a service principal,
 * or deploys under a service principal's home folder. Staging and sandboxes deploy as the
 * person or CI identity that runs them; a target that takes on a principal's identity is
 * usually production under another name. Empty when nothing suggests it.
 */
export function productionSigns(config: JsonObject): string[] {
  const signs: string[] = [];
  const principal = runAsServicePrincipal(isObject(config.run_as) ? config.run_as : undefined);
  if (principal) signs.push(`runs as the service principal ${principal}`);
  const rootPath = stringAt(config, ['workspace', 'root_path']) ?? '';
  const home = /^(?:\/Workspace)?\/Users\/([^/]+)\//.exec(rootPath)?.[1];
  if (home !== undefined && (home === principal || UUID.test(home))) signs.push(`deploys under the service principal's home (${rootPath})`);
  return signs;
}

/** The bundle variable a sandbox's namespace is passed in (`--var namespace=…`, `BUNDLE_VAR_namespace`). */
export const NAMESPACE_VAR = 'namespace';

/**
 * Whether a target is deployed with a sandbox namespace: a sandbox whose bundle declares the
 * variable. Deploy and every command that looks at a deployed sandbox ask this same question.
 */
export function takesNamespace(kind: TargetKind, config: JsonObject): boolean {
  return kind === 'sandbox' && isObject(config.variables) && NAMESPACE_VAR in config.variables;
}
