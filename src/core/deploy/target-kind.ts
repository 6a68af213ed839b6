/**
 * Which rules a target falls under. Development targets are personal sandboxes; production
 * is `mode: production` or a target that dataops.yml names; everything else is shared
 * (staging, test, qa…) and treated as staging.
 */
import type { JsonObject } from '../bundle/model.js';
import { isObject, targetMode } from '../rules/config.js';
import type { ProductionSettings } from './settings.js';

export type TargetKind = 'sandbox' | 'staging' | 'production';

export function classifyTarget(name: string, config: JsonObject, production: ProductionSettings): TargetKind {
  const mode = targetMode(config);
  if (mode === 'production' || production.targets.includes(name)) return 'production';
  if (mode === 'development') return 'sandbox';
  return 'staging';
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
