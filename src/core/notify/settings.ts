/** The `notify` section of dataops.yml. */
import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../rules/config.js';

export const NOTIFY_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Settings of `dataops notify` and of the notifications other commands send. Default: {}.',
  additionalProperties: true,
  properties: {
    teams: {
      type: 'object',
      description: 'The Microsoft Teams channel. Default: {}.',
      additionalProperties: true,
      properties: {
        webhook_url_env: {
          type: ['string', 'null'],
          // Never the URL itself: the file is committed, the URL is a secret.
          pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
          description:
            "The name of the environment variable that holds the Workflows webhook URL (e.g. TEAMS_WEBHOOK_URL), never the URL itself. Default: none (DATAOPS_TEAMS_WEBHOOK_URL or --webhook-url).",
        },
      },
    },
  },
};

/** `notify.teams.webhook_url_env` of the (schema-checked) settings. */
export function webhookEnvSetting(raw: JsonObject): string | undefined {
  const teams = isObject(raw.notify) && isObject(raw.notify.teams) ? raw.notify.teams : {};
  return typeof teams.webhook_url_env === 'string' ? teams.webhook_url_env : undefined;
}
