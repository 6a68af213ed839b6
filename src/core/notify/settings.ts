/** The `notify` section of dataops.yml. */
import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

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
          pattern: ENV_NAME_PATTERN,
          description:
            "The name of the environment variable that holds the Workflows webhook URL (e.g. TEAMS_WEBHOOK_URL), never the URL itself. Default: none (DATAOPS_TEAMS_WEBHOOK_URL or --webhook-url).",
        },
        channels: {
          type: ['object', 'null'],
          description:
            'More channels, by name: each the name of the environment variable holding its webhook URL (e.g. prod-alerts: TEAMS_PROD_WEBHOOK_URL), never the URL. `dataops notify --test` sends the heartbeat to each, and to the default channel. Default: none.',
          additionalProperties: { type: 'string', pattern: ENV_NAME_PATTERN },
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

/** `notify.teams.channels`: channel name → the variable holding its URL. */
export function teamsChannels(raw: JsonObject): Array<{ name: string; env: string }> {
  const teams = isObject(raw.notify) && isObject(raw.notify.teams) ? raw.notify.teams : {};
  const channels = isObject(teams.channels) ? teams.channels : {};
  return Object.entries(channels).flatMap(([name, env]) => (typeof env === 'string' ? [{ name, env }] : []));
}
