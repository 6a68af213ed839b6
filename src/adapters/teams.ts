/** Sends a payload to a Microsoft Teams Workflows webhook. */
import { ExternalError, UsageError } from '../core/errors.js';
import type { Delivery } from '../core/notify/send.js';
import type { TeamsPayload } from '../core/notify/payload.js';
import { TEAMS_RATE_LIMIT, waitBeforeNext, type RateLimit } from '../core/notify/rate-limit.js';
import { WORKFLOWS_HOWTO } from '../core/notify/webhook-forms.js';
import { redactDeep } from '../ui/redact.js';
import { postWithRetry, type RetryEvent, type RetryPolicy } from './http-retry.js';

const LABEL = 'the Teams webhook';
const MAX_ERROR_TEXT = 500;

export interface TeamsDeliveryOptions {
  policy?: Partial<RetryPolicy>;
  onRetry?: (event: RetryEvent) => void;
  /** Spaces requests to one webhook; default: one pacer for the whole process. */
  pacer?: WebhookPacer;
}

/**
 * Keeps the requests to each webhook within Teams' rate limit, across every send of this
 * process. A request counts from when its answer came: Teams counts on receipt, which falls
 * between sending and answering, so the window is never shorter than Teams sees it.
 */
export class WebhookPacer {
  private readonly answered = new Map<string, number[]>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit = TEAMS_RATE_LIMIT,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Runs `send` when a request to `url` may go, one request at a time, in call order. */
  paced<T>(url: string, send: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      const history = this.answered.get(url) ?? [];
      this.answered.set(url, history);
      const wait = waitBeforeNext(history, this.now(), this.limit);
      if (wait > 0) await this.sleep(wait);
      try {
        return await send();
      } finally {
        history.push(this.now());
        if (history.length > this.limit.requests) history.shift();
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

const PROCESS_PACER = new WebhookPacer();

/**
 * 200 and 202 (Workflows accepts before it delivers) are success; anything else fails with Teams' own words.
 * The card leaves the machine: every registered secret in it is replaced, as in what dataops prints.
 */
export async function deliverToTeams(url: string, payload: TeamsPayload, options: TeamsDeliveryOptions = {}): Promise<Delivery> {
  const answer = await (options.pacer ?? PROCESS_PACER).paced(url, () =>
    postWithRetry(url, JSON.stringify(redactDeep(payload)), { label: LABEL, policy: options.policy, onRetry: options.onRetry }),
  );
  if (answer.status === 200 || answer.status === 202) return { httpStatus: answer.status, attempts: answer.attempts };
  const said = teamsErrorText(answer.body);
  const status = `${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  throw new ExternalError(`${LABEL} answered ${status}${answer.gaveUp ? ` ${answer.gaveUp}` : ''}${said ? `: ${said}` : ''}`, {
    hint: hintFor(answer.status),
  });
}

/** Workflows answer `{"error":{"code":…,"message":…}}`; other hosts plain text. */
export function teamsErrorText(body: string): string {
  let text = body.trim();
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; message?: unknown };
    const error = parsed.error;
    if (error && typeof error.message === 'string') text = typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
    else if (typeof parsed.message === 'string') text = parsed.message;
  } catch {
    // Not JSON: the text as it came.
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

function hintFor(status: number): string {
  if (status === 401 || status === 403 || status === 404) return `the webhook URL is wrong, expired or its workflow was turned off: ${WORKFLOWS_HOWTO}`;
  if (status === 400 || status === 413) return 'Teams refused the card; run with --dry-run to see the payload and check it in https://adaptivecards.io/designer';
  if (status === 429 || status >= 500) return 'Teams is busy or failing; the notification can be sent again later';
  return `check the webhook URL: ${WORKFLOWS_HOWTO}`;
}

/** Environment variable setting the first backoff in milliseconds (tests make it short). */
const RETRY_BASE_ENV = 'DATAOPS_TEAMS_RETRY_BASE_MS';

export function teamsRetryPolicy(env: NodeJS.ProcessEnv): Partial<RetryPolicy> {
  const base = env[RETRY_BASE_ENV];
  if (base === undefined || base === '') return {};
  if (!/^\d+$/.test(base)) throw new UsageError(`${RETRY_BASE_ENV} must be a number of milliseconds`, { hint: `unset ${RETRY_BASE_ENV} to use the default of 1000` });
  return { baseDelayMs: Number(base) };
}
