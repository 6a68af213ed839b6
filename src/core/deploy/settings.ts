/** The `production` section of dataops.yml, read by deploy and destroy. */
import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

export interface ProductionSettings {
  /** Targets that count as production besides those with `mode: production`. */
  targets: readonly string[];
}

export const productionSettingsSchema: JsonObject = {
  type: 'object',
  description:
    'Settings for production deployments. A target is production when it has `mode: production` or is listed here; dataops deploy and destroy then accept only a service principal in CI (CI=true), unless --break-glass is given. Default: {}.',
  additionalProperties: false,
  properties: {
    targets: {
      type: 'array',
      description: 'Names of targets that count as production even without `mode: production`. Default: [].',
      default: [],
      items: { type: 'string', minLength: 1 },
    },
  },
};

/** Reads the section from the whole (schema-checked) settings file. */
export function productionSettings(raw: JsonObject): ProductionSettings {
  const section = isObject(raw.production) ? raw.production : {};
  const targets = Array.isArray(section.targets) ? section.targets.filter((t): t is string => typeof t === 'string') : [];
  return { targets };
}
