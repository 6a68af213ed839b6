import { UsageError } from '../errors.js';
import type { Notification, RunContext } from './card.js';
import { preparePayload, type PayloadShape, type TeamsPayload } from './payload.js';
import type { NotifyStatus } from './status.js';
import { checkWebhookUrl, refuseDeadWebhook, resolveWebhookUrl, webhookSecrets, WEBHOOK_URL_ENV } from './webhook.js';
import { deadWebhookMessage } from './webhook-forms.js';

export interface NotifyRequest {
  status: NotifyStatus;
  fastTrack?: boolean;
  environment?: string;
  version?: string;
  title?: string;
  message?: string;
  webhookUrl?: string;
  shape?: PayloadShape;
  dryRun?: boolean;
}

export interface Delivery {
  httpStatus: number;
  attempts: number;
}

/** The outside world the notification needs, passed in (release-it style capabilities). */
export interface NotifyCapabilities {
  env: NodeJS.ProcessEnv;
  /** Hides a value from every later output (and masks it on GitHub Actions). */
  secret(value: string): void;
  warn(text: string): void;
  /** Said only with --verbose. */
  note(text: string): void;
  /** `notify.teams.webhook_url_env` of dataops.yml, when set. */
  webhookEnvSetting(): Promise<string | undefined>;
  bundleName(): Promise<string | undefined>;
  bundleVersion(): Promise<string | undefined>;
  runContext(): Promise<RunContext>;
  deliver(url: string, payload: TeamsPayload): Promise<Delivery>;
}

export interface NotifySent {
  outcome: 'dry-run' | 'delivered';
  payload: TeamsPayload;
  bytes: number;
  shortened: string[];
  delivery?: Delivery;
}

export type NotifyResult = NotifySent | { outcome: 'not-configured' };

export const NO_WEBHOOK_HINT = `pass --webhook-url, set ${WEBHOOK_URL_ENV}, or name the variable holding the URL in dataops.yml (notify.teams.webhook_url_env)`;

/**
 * Builds the card from the request and what the project and the run say about themselves,
 * and sends it unless this is a dry run. Without a webhook URL it reports `not-configured`
 * when `optional`, and refuses otherwise.
 */
export async function sendNotification(request: NotifyRequest, io: NotifyCapabilities): Promise<NotifySent>;
export async function sendNotification(request: NotifyRequest, io: NotifyCapabilities, optional: true): Promise<NotifyResult>;
export async function sendNotification(request: NotifyRequest, io: NotifyCapabilities, optional = false): Promise<NotifyResult> {
  if (request.webhookUrl) for (const part of webhookSecrets(request.webhookUrl)) io.secret(part);
  const webhook = resolveWebhookUrl({ flag: request.webhookUrl, env: io.env, settingsEnvName: await io.webhookEnvSetting() });
  if (webhook) {
    for (const part of webhookSecrets(webhook.url)) io.secret(part);
    // A dead form is refused before anything is sent; a dry run only says so.
    const form = request.dryRun ? checkWebhookUrl(webhook) : refuseDeadWebhook(webhook);
    if (form.dead) io.warn(`${deadWebhookMessage(form, webhook.source)}; ${form.dead.fix}`);
    io.note(`the webhook URL from ${webhook.source} is ${form.name}`);
  } else if (!request.dryRun) {
    if (optional) return { outcome: 'not-configured' };
    throw new UsageError('no Teams webhook URL is configured', { hint: NO_WEBHOOK_HINT });
  }

  const [bundle, version, run] = await Promise.all([io.bundleName(), request.version ?? io.bundleVersion(), io.runContext()]);
  const notification: Notification = {
    status: request.status,
    fastTrack: request.fastTrack ?? false,
    title: request.title,
    message: request.message,
    bundle,
    environment: request.environment,
    version,
    run,
  };
  const prepared = preparePayload(notification, request.shape ?? 'message');
  if (prepared.shortened.length > 0) {
    io.warn(`the notification was over Teams' 28 KB limit: its ${prepared.shortened.join(' and ')} ${prepared.shortened.length > 1 ? 'were' : 'was'} shortened, with a note in the card`);
  }
  if (request.dryRun || !webhook) return { outcome: 'dry-run', ...prepared };
  const delivery = await io.deliver(webhook.url, prepared.payload);
  return { outcome: 'delivered', ...prepared, delivery };
}
