import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

/** The `release` section of dataops.yml. */
export interface ReleaseSettings {
  allowForks: boolean;
  /** Bot accounts (`renovate[bot]`) that may ask for a release; every other bot is refused. */
  bots: readonly string[];
  /** Checks that must have reported green on the head, by name. */
  requiredChecks: readonly string[];
  /** The login whose comments carry the fast track's state markers; undefined: the token's own account. */
  identity: string | undefined;
}

/** The jobs of the blueprint's Lint workflow (.github/workflows/lint.yml), as GitHub names their check runs. */
export const DEFAULT_REQUIRED_CHECKS = ['Validate the bundle', 'Conventional Commits', 'Unit tests'] as const;

export const RELEASE_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description:
    'Settings of `dataops release`, the ChatOps /release fast track. Default: pull requests from forks and bot accounts are refused, and the blueprint\'s Lint checks must be green.',
  additionalProperties: false,
  properties: {
    allow_forks: {
      type: 'boolean',
      description:
        'Let /release merge and release a pull request whose branch lives in a fork. The fork\'s author can push until the merge; the fast track pins the merge to the commit it checked. Default: false.',
      default: false,
    },
    bots: {
      type: 'array',
      description: 'Bot accounts (GitHub user type Bot, e.g. `renovate[bot]`) allowed to comment /release; they still need write permission. Default: [] (every bot is refused).',
      default: [],
      items: { type: 'string', minLength: 1 },
    },
    required_checks: {
      type: 'array',
      description: `Check runs or commit statuses (by name) that must be green on the head before /release merges it; a pull request without them is refused. Default: ${DEFAULT_REQUIRED_CHECKS.map((name) => JSON.stringify(name)).join(', ')} (the blueprint's Lint jobs).`,
      default: [...DEFAULT_REQUIRED_CHECKS],
      items: { type: 'string', minLength: 1 },
    },
    identity: {
      type: 'string',
      minLength: 1,
      description:
        'The account the fast track comments as (the token\'s). Only its comments count as the fast track\'s started/complete markers. Set it to `<app-slug>[bot]` when a GitHub App token runs the fast track (--token-env). Default: the account GitHub reports for the token, else github-actions[bot] (GITHUB_TOKEN).',
      default: 'github-actions[bot]',
    },
  },
};

/** The release section of an already validated settings file. */
export function releaseSettings(raw: JsonObject): ReleaseSettings {
  const section = isObject(raw.release) ? raw.release : {};
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  return {
    allowForks: section.allow_forks === true,
    bots: strings(section.bots) ?? [],
    requiredChecks: strings(section.required_checks) ?? [...DEFAULT_REQUIRED_CHECKS],
    identity: typeof section.identity === 'string' ? section.identity : undefined,
  };
}
