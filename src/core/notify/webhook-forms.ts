/**
 * The forms a Teams webhook URL has taken, told apart by host. Two of them are dead: a card
 * sent to one is answered (sometimes with a 2xx) and never shown, so dataops refuses to send
 * rather than report a success nobody sees.
 */

export type WebhookForm = 'connector' | 'logic-apps' | 'power-platform' | 'other';

export interface WebhookFormInfo {
  form: WebhookForm;
  /** What a person calls it, for messages. */
  name: string;
  /** Set for a form that no longer delivers: the day it stopped and what to do instead. */
  dead?: { since: string; fix: string };
}

/** How to make a webhook of the current form (Teams' Workflows app on Power Platform). */
export const WORKFLOWS_HOWTO =
  'in Teams open the channel, choose ⋯ → Workflows → "Send webhook alerts to a channel", and use the URL it shows (docs/notify.md)';

const RECREATE = `create a new Workflows webhook (its URL ends in .environment.api.powerplatform.com): ${WORKFLOWS_HOWTO}; then replace the secret that holds the old URL`;

const FORMS: Readonly<Record<WebhookForm, WebhookFormInfo>> = {
  connector: {
    form: 'connector',
    name: 'an Office 365 connector URL (*.webhook.office.com)',
    dead: { since: '2025-12-31', fix: RECREATE },
  },
  'logic-apps': {
    form: 'logic-apps',
    name: 'a Workflows URL of the old form (*.logic.azure.com)',
    dead: { since: '2025-11-30', fix: RECREATE },
  },
  'power-platform': { form: 'power-platform', name: 'a Workflows URL (*.environment.api.powerplatform.com)' },
  other: { form: 'other', name: 'a URL that is not a Teams webhook host dataops knows (a relay or a test receiver)' },
};

const endsWithDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/** The form of a parsed webhook URL. */
export function webhookForm(url: URL): WebhookFormInfo {
  const host = url.hostname.toLowerCase();
  if (endsWithDomain(host, 'webhook.office.com') || (host === 'outlook.office.com' && url.pathname.startsWith('/webhook'))) return FORMS.connector;
  if (endsWithDomain(host, 'logic.azure.com')) return FORMS['logic-apps'];
  if (endsWithDomain(host, 'environment.api.powerplatform.com')) return FORMS['power-platform'];
  return FORMS.other;
}

/** The refusal for a dead form; the source is where the URL came from, never the URL (a secret). */
export function deadWebhookMessage(info: WebhookFormInfo, source: string): string {
  return `the Teams webhook URL from ${source} is ${info.name}, which stopped delivering on ${info.dead?.since}: nothing was sent`;
}

/**
 * What a 2xx from a Workflows webhook does and does not mean, and the failures that come
 * after it: said with --verbose and in docs/notify.md.
 */
export const ACCEPTANCE_NOTES: readonly string[] = [
  'a 202 from a Workflows webhook means the flow took the request, not that the card is in the channel: the flow posts it afterwards, and a failure then shows only in the flow’s run history (Power Automate → My flows → the flow → 28-day run history)',
  'BotNotInConversationRoster in that history: the flow posts as the Flow bot, which cannot post into a private channel; post as a user, or use a standard channel',
  'the flow runs as the account that created it: when that person leaves (the account is disabled or deleted), the flow stops and the webhook answers 4xx or goes quiet; give the flow a co-owner or create it with a service account',
];
