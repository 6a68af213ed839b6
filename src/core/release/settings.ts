import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../rules/config.js';

/** The `release` section of dataops.yml. */
export interface ReleaseSettings {
  allowForks: boolean;
}

export const RELEASE_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Settings of `dataops release`, the ChatOps /release fast track. Default: pull requests from forks are refused.',
  additionalProperties: false,
  properties: {
    allow_forks: {
      type: 'boolean',
      description:
        'Let /release merge and release a pull request whose branch lives in a fork. The fork\'s author can push until the merge; the fast track pins the merge to the commit it checked. Default: false.',
      default: false,
    },
  },
};

/** The release section of an already validated settings file. */
export function releaseSettings(raw: JsonObject): ReleaseSettings {
  const section = isObject(raw.release) ? raw.release : {};
  return { allowForks: section.allow_forks === true };
}
