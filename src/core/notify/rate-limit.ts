/**
 * Teams accepts about 4 requests a second per webhook and answers 429 beyond that; a burst
 * (the heartbeat to every channel, a command that sends more than one card) waits its turn
 * instead of spending retries.
 */

export interface RateLimit {
  requests: number;
  perMs: number;
}

export const TEAMS_RATE_LIMIT: RateLimit = { requests: 4, perMs: 1_000 };

/**
 * How long to wait before the next request to one webhook, given when the earlier ones
 * happened: the next may go once the `requests`-th latest is `perMs` old.
 */
export function waitBeforeNext(earlier: readonly number[], now: number, limit: RateLimit = TEAMS_RATE_LIMIT): number {
  if (earlier.length < limit.requests) return 0;
  const oldestInWindow = [...earlier].sort((a, b) => a - b)[earlier.length - limit.requests] ?? now;
  return Math.max(0, oldestInWindow + limit.perMs - now);
}
