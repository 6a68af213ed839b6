/**
 * POST with a timeout per attempt and bounded retries: 429 and 5xx answers and network
 * failures are retried with exponential backoff and jitter, honouring `Retry-After`.
 * Messages never contain the URL: webhook URLs are secrets.
 */
import { ExternalError } from '../core/errors.js';

export interface RetryPolicy {
  /** Most attempts in all. */
  attempts: number;
  /** Time budget for all attempts and waits together. */
  budgetMs: number;
  /** First backoff; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Timeout of one attempt. */
  timeoutMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, budgetMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 20_000, timeoutMs: 10_000 };

export interface HttpAnswer {
  status: number;
  statusText: string;
  body: string;
  attempts: number;
  /** Set when the answer is retryable and the retries ran out: why they stopped. */
  gaveUp?: string;
}

export interface RetryEvent {
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface PostOptions {
  /** Names the call in messages, e.g. "the Teams webhook". */
  label: string;
  policy?: Partial<RetryPolicy>;
  headers?: Record<string, string>;
  onRetry?: (event: RetryEvent) => void;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Returns the last answer (the caller judges its status); throws ExternalError when no answer came at all. */
export async function postWithRetry(url: string, body: string, options: PostOptions): Promise<HttpAnswer> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptPost(url, body, options.headers ?? {}, policy.timeoutMs);
    const answer = 'status' in outcome ? outcome : undefined;
    if (answer && !isRetryableStatus(answer.status)) return { status: answer.status, statusText: answer.statusText, body: answer.body, attempts: attempt };
    const reason = 'failure' in outcome ? outcome.failure : `answer ${outcome.status}`;

    const delayMs = answer?.retryAfterMs ?? backoff(attempt, policy);
    // The next attempt must be able to end within the budget, timeout included.
    const pastBudget = Date.now() - started + delayMs + policy.timeoutMs > policy.budgetMs;
    let gaveUp: string | undefined;
    if (attempt >= policy.attempts) gaveUp = `after ${attempts(attempt)}`;
    else if (pastBudget && answer?.retryAfterMs !== undefined) {
      gaveUp = `after ${attempts(attempt)} (Retry-After asks for ${seconds(delayMs)}, beyond the ${seconds(policy.budgetMs)} budget)`;
    } else if (pastBudget) gaveUp = `after ${attempts(attempt)} (the ${seconds(policy.budgetMs)} budget is spent)`;
    if (gaveUp) {
      if (answer) return { status: answer.status, statusText: answer.statusText, body: answer.body, attempts: attempt, gaveUp };
      throw new ExternalError(`${options.label} could not be reached ${gaveUp}: ${reason}`, {
        hint: 'check the network and proxy settings of this machine, then run the command again',
      });
    }
    options.onRetry?.({ attempt, reason, delayMs });
    await sleep(delayMs);
  }
}

type AttemptOutcome = { status: number; statusText: string; body: string; retryAfterMs?: number } | { failure: string };

async function attemptPost(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect is reported as the answer it is, not followed to another host with the payload.
      redirect: 'manual',
    });
    return {
      status: response.status,
      statusText: response.statusText,
      body: await response.text(),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    };
  } catch (error) {
    return { failure: describeFailure(error, timeoutMs) };
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out. */
export function backoff(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

// fetch's own messages may quote the URL ("Failed to parse URL from …"): only an error code,
// or a cause's short text without a URL in it ("bad port"), is kept.
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${seconds(timeoutMs)}`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    if (code) return `connection failed (${code})`;
    if (cause.message.length <= 80 && !/\/\/|[?=]/.test(cause.message)) return `connection failed (${cause.message})`;
  }
  return 'connection failed';
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
