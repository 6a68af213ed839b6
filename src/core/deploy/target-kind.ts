/**
 * Which rules a target falls under. Development targets are personal sandboxes; production
 * is `mode: production` or a target that dataops.yml names; everything else is shared
 * (staging, test, qa…) and treated as staging.
 */
import type { JsonObject } from '../bundle/model.js';
import { targetMode } from '../rules/config.js';
import type { ProductionSettings } from './settings.js';

export type TargetKind = 'sandbox' | 'staging' | 'production';

export function classifyTarget(name: string, config: JsonObject, production: ProductionSettings): TargetKind {
  const mode = targetMode(config);
  if (mode === 'production' || production.targets.includes(name)) return 'production';
  if (mode === 'development') return 'sandbox';
  return 'staging';
}
