/**
 * `dataops notify --test`: a heartbeat card to every configured channel. A Workflows flow on
 * a Microsoft 365 plan is switched off after about 90 days without a successful run, so a
 * quiet channel (the one that only hears about production failures) would lose the next real
 * alert; a monthly heartbeat keeps it alive, and fails loudly when a webhook stops answering.
 */
import { ExternalError, isKnownError, UsageError } from '../errors.js';
import type { AdaptiveCard, RunContext } from './card.js';
import { payloadBytes, wrapCard, type PayloadShape, type TeamsPayload } from './payload.js';
import { NO_WEBHOOK_HINT, type Delivery } from './send.js';
import { checkWebhookUrl, resolveWebhookUrl, webhookSecrets, type WebhookUrl } from './webhook.js';
import { deadWebhookMessage } from './webhook-forms.js';

/** The title every heartbeat carries, so nobody takes it for an alert. */
export const HEARTBEAT_TITLE = '💓 Heartbeat: a test message from dataops, no action needed';

export interface HeartbeatFacts {
  /** The channel's name in dataops.yml (`default` for the main webhook). */
  channel: string;
  /** When it was sent, ISO 8601. */
  sentAt: string;
  bundle?: string;
  run: RunContext;
}

export function buildHeartbeatCard(facts: HeartbeatFacts): AdaptiveCard {
  const known: Array<[string, string | undefined]> = [
    ['Channel', facts.channel],
    ['Bundle', facts.bundle],
    ['Sent at', facts.sentAt],
    ['Repository', facts.run.repository],
    ['Workflow', facts.run.workflow],
  ];
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body: [
      { type: 'TextBlock', text: HEARTBEAT_TITLE, wrap: true, size: 'Large', weight: 'Bolder', color: 'Accent' },
      {
        type: 'TextBlock',
        text: 'This channel’s webhook works. It is sent once a month so that Teams does not switch the workflow off for being idle; if it stops arriving, deployment alerts will not arrive either.',
        wrap: true,
      },
      { type: 'FactSet', facts: known.filter((f): f is [string, string] => Boolean(f[1])).map(([title, value]) => ({ title, value })) },
    ],
    ...(facts.run.runUrl ? { actions: [{ type: 'Action.OpenUrl' as const, title: 'View run', url: facts.run.runUrl }] } : {}),
  };
}

export interface HeartbeatRequest {
  webhookUrl?: string;
  shape?: PayloadShape;
  dryRun?: boolean;
}

export interface HeartbeatCapabilities {
  env: NodeJS.ProcessEnv;
  secret(value: string): void;
  warn(text: string): void;
  note(text: string): void;
  /** `notify.teams` of dataops.yml. */
  teamsSettings(): Promise<{ webhookUrlEnv?: string; channels: ReadonlyArray<{ name: string; env: string }> }>;
  bundleName(): Promise<string | undefined>;
  runContext(): Promise<RunContext>;
  /** The time now, ISO 8601 (core reads no clock). */
  now(): string;
  deliver(url: string, payload: TeamsPayload): Promise<Delivery>;
}

export type ChannelOutcome =
  | { channel: string; source: string; outcome: 'delivered'; delivery: Delivery }
  | { channel: string; source: string; outcome: 'dry-run'; payload: TeamsPayload; bytes: number }
  | { channel: string; source: string; outcome: 'not-set' | 'dead' | 'failed'; problem: string; hint?: string };

interface Channel {
  name: string;
  source: string;
  webhook: WebhookUrl | null;
}

/**
 * Checks every channel first (a dead or missing URL is named before anything is sent), then
 * sends to the rest one after another; the deliverer keeps to Teams' rate limit.
 */
export async function sendHeartbeat(request: HeartbeatRequest, io: HeartbeatCapabilities): Promise<ChannelOutcome[]> {
  if (request.webhookUrl) for (const part of webhookSecrets(request.webhookUrl)) io.secret(part);
  const settings = await io.teamsSettings();
  const channels: Channel[] = [];
  const main = resolveWebhookUrl({ flag: request.webhookUrl, env: io.env, settingsEnvName: settings.webhookUrlEnv });
  if (main) channels.push({ name: 'default', source: main.source, webhook: main });
  for (const { name, env } of settings.channels) {
    const url = io.env[env]?.trim();
    const source = `${env} (notify.teams.channels.${name} in dataops.yml)`;
    channels.push({ name, source, webhook: url ? { url, source } : null });
  }
  if (channels.length === 0) throw new UsageError('no Teams webhook URL is configured: the heartbeat has nowhere to go', { hint: NO_WEBHOOK_HINT });
  for (const c of channels) if (c.webhook) for (const part of webhookSecrets(c.webhook.url)) io.secret(part);

  const outcomes = new Map<string, ChannelOutcome>();
  for (const c of channels) {
    if (!c.webhook) {
      outcomes.set(c.name, { channel: c.name, source: c.source, outcome: 'not-set', problem: `${c.source.split(' ')[0]} is not set`, hint: 'pass the secret to this step as that environment variable' });
      continue;
    }
    const form = checkWebhookUrl(c.webhook);
    io.note(`channel ${c.name}: the webhook URL from ${c.source} is ${form.name}`);
    if (form.dead) outcomes.set(c.name, { channel: c.name, source: c.source, outcome: 'dead', problem: deadWebhookMessage(form, c.source), hint: form.dead.fix });
  }
  for (const o of outcomes.values()) if (o.outcome === 'dead' || o.outcome === 'not-set') io.warn(`channel ${o.channel}: ${o.problem}`);

  const [bundle, run] = await Promise.all([io.bundleName(), io.runContext()]);
  for (const c of channels) {
    if (outcomes.has(c.name) || !c.webhook) continue;
    const payload = wrapCard(buildHeartbeatCard({ channel: c.name, sentAt: io.now(), bundle, run }), request.shape ?? 'message');
    if (request.dryRun) {
      outcomes.set(c.name, { channel: c.name, source: c.source, outcome: 'dry-run', payload, bytes: payloadBytes(payload) });
      continue;
    }
    try {
      outcomes.set(c.name, { channel: c.name, source: c.source, outcome: 'delivered', delivery: await io.deliver(c.webhook.url, payload) });
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      const hint = isKnownError(error) ? error.hint : undefined;
      outcomes.set(c.name, { channel: c.name, source: c.source, outcome: 'failed', problem, ...(hint ? { hint } : {}) });
    }
  }
  return channels.map((c) => outcomes.get(c.name)).filter((o): o is ChannelOutcome => o !== undefined);
}

/** Throws when any channel did not take the heartbeat: 3 when a webhook stopped answering, else 2 (a dead or missing URL). */
export function judgeHeartbeat(outcomes: readonly ChannelOutcome[]): void {
  const bad = outcomes.filter((o): o is Extract<ChannelOutcome, { problem: string }> => 'problem' in o);
  if (bad.length === 0) return;
  const lines = bad.map((o) => `  ${o.channel}: ${o.problem}${o.hint ? `\n    fix: ${o.hint}` : ''}`);
  const message = `the heartbeat did not reach ${bad.length} of ${outcomes.length} channel${outcomes.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
  if (bad.some((o) => o.outcome === 'failed')) throw new ExternalError(message);
  throw new UsageError(message);
}
