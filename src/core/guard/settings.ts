import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

/** Enough to list a 50-resource bundle quickly without crowding the workspace's rate limits. */
export const DEFAULT_CONCURRENCY = 8;

/** The `guard` section of dataops.yml. */
export interface GuardSettings {
  allow: string[];
  concurrency: number;
}

export const GUARD_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Settings of `dataops guard` (also run by `dataops deploy`). Default: nothing allowed, 8 workspace calls at once.',
  additionalProperties: false,
  properties: {
    allow: {
      type: 'array',
      description:
        'Resource keys whose same-named workspace objects are accepted (`ingest`, or `jobs.ingest` to name one type). Default: [] (every conflict fails the guard).',
      default: [],
      items: { type: 'string', minLength: 1 },
    },
    concurrency: {
      type: 'integer',
      description: 'How many workspace calls the guard makes at once. Default: 8.',
      minimum: 1,
      maximum: 64,
      default: DEFAULT_CONCURRENCY,
    },
  },
};

/** The guard section of an already validated settings file. */
export function guardSettings(raw: JsonObject): GuardSettings {
  const section = isObject(raw.guard) ? raw.guard : {};
  return {
    allow: Array.isArray(section.allow) ? section.allow.filter((key): key is string => typeof key === 'string') : [],
    concurrency: typeof section.concurrency === 'number' ? section.concurrency : DEFAULT_CONCURRENCY,
  };
}
