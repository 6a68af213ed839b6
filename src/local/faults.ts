import { ApiError } from './http.js';

/** Fault injection for testing clients: a delay on every call, and a share of calls that fail. */
export interface FaultOptions {
  latencyMs: number;
  /** 0..1: the share of calls answered with 429 (with Retry-After) or 503. */
  failRate: number;
  /** Seconds sent in Retry-After with each 429. */
  retryAfterSeconds: number;
  random: () => number;
}

export const NO_FAULTS: FaultOptions = { latencyMs: 0, failRate: 0, retryAfterSeconds: 1, random: Math.random };

/** The failure to answer with instead of handling the call, if this call is to fail. */
export function injectedFailure(options: FaultOptions): ApiError | null {
  if (options.failRate <= 0 || options.random() >= options.failRate) return null;
  // Alternate between the two failures a client must retry, chosen by a second draw.
  if (options.random() < 0.5) {
    return new ApiError(429, 'REQUEST_LIMIT_EXCEEDED', 'dataops local: injected rate limit (--fail-rate)', {
      'Retry-After': String(options.retryAfterSeconds),
    });
  }
  return new ApiError(503, 'TEMPORARILY_UNAVAILABLE', 'dataops local: injected outage (--fail-rate)');
}
