import { UsageError } from '../errors.js';
import { deadWebhookMessage, webhookForm, WORKFLOWS_HOWTO, type WebhookFormInfo } from './webhook-forms.js';

/** The environment variable dataops reads the webhook URL from when no flag or setting names another. */
export const WEBHOOK_URL_ENV = 'DATAOPS_TEAMS_WEBHOOK_URL';

export interface WebhookSources {
  /** `--webhook-url`. */
  flag?: string;
  env: NodeJS.ProcessEnv;
  /** `notify.teams.webhook_url_env` of dataops.yml: the name of the variable holding the URL. */
  settingsEnvName?: string;
}

export interface WebhookUrl {
  url: string;
  /** Where it came from, for messages: never the value itself. */
  source: string;
}

/** The URL from the first source that has one: the flag, DATAOPS_TEAMS_WEBHOOK_URL, then the variable dataops.yml names. */
export function resolveWebhookUrl(sources: WebhookSources): WebhookUrl | null {
  const candidates: Array<[string | undefined, string]> = [
    [sources.flag, '--webhook-url'],
    [sources.env[WEBHOOK_URL_ENV], WEBHOOK_URL_ENV],
  ];
  if (sources.settingsEnvName) {
    candidates.push([sources.env[sources.settingsEnvName], `${sources.settingsEnvName} (notify.teams.webhook_url_env in dataops.yml)`]);
  }
  for (const [value, source] of candidates) {
    const url = value?.trim();
    if (url) return { url, source };
  }
  return null;
}

/** Checks the URL's form; the messages name its source, never the URL, which is a secret. */
export function checkWebhookUrl(webhook: WebhookUrl): WebhookFormInfo {
  let parsed: URL;
  try {
    parsed = new URL(webhook.url);
  } catch {
    throw new UsageError(`the Teams webhook URL from ${webhook.source} is not a URL`, { hint: `copy the whole URL; ${WORKFLOWS_HOWTO}` });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`the Teams webhook URL from ${webhook.source} is not an http(s) URL`, { hint: WORKFLOWS_HOWTO });
  }
  return webhookForm(parsed);
}

/** Refuses a URL of a form that no longer delivers, before anything is sent. */
export function refuseDeadWebhook(webhook: WebhookUrl): WebhookFormInfo {
  const form = checkWebhookUrl(webhook);
  if (form.dead) throw new UsageError(deadWebhookMessage(form, webhook.source), { hint: form.dead.fix });
  return form;
}

// Workflows sign with `sig`; Azure Functions and other relays use `code`, `key` or `token`.
const SECRET_PARAM = /^(sig|signature|code|key|token|secret|password)$/i;

/**
 * The URL and the parts of it that are tokens on their own (a signature in the query,
 * credentials), so output hides a token even when it shows up without the rest of the URL.
 */
export function webhookSecrets(url: string): string[] {
  const secrets = [url];
  try {
    const parsed = new URL(url);
    for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name) && value) secrets.push(value);
    // Workflows URLs carry the flow's ids in the path: with them, anyone who has the signature can post.
    if (parsed.pathname.length > 1) secrets.push(parsed.pathname);
    if (parsed.username) secrets.push(parsed.username);
    if (parsed.password) secrets.push(parsed.password);
  } catch {
    // An unparsable URL is refused by checkWebhookUrl; the whole value is still hidden.
  }
  return secrets;
}
