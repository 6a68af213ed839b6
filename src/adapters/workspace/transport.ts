import { ExternalError } from '../../core/errors.js';
import type { ApiErrorBody } from '../../core/workspace-api.js';
import { backoff, parseRetryAfter } from '../http-retry.js';

/** A workspace call that failed: which call, what the server answered. Never carries a token. */
export class WorkspaceApiError extends ExternalError {
  constructor(
    readonly call: string,
    readonly status: number,
    readonly errorCode: string,
    readonly serverMessage: string,
    attempts: number,
  ) {
    super(`${call} failed: HTTP ${status} ${errorCode}: ${serverMessage}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, {
      hint: hintFor(status),
    });
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.errorCode === 'RESOURCE_DOES_NOT_EXIST';
  }

  /** The workspace has no such API (an endpoint it does not serve, a feature it has off): not "no such object". */
  get isUnserved(): boolean {
    return this.errorCode === 'ENDPOINT_NOT_FOUND' || this.errorCode === 'FEATURE_DISABLED' || this.errorCode === 'NOT_IMPLEMENTED' || this.status === 501;
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TransportOptions {
  host: string;
  /** The Authorization header value for the next call (tokens may be refreshed between calls). */
  authorization: () => Promise<string>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A raw body (file upload) instead of JSON. */
  rawBody?: Uint8Array;
  headers?: Record<string, string>;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_TIMEOUT_MS = 60_000;
/** A server asking for longer than this is not waited for: the call fails instead. */
const MAX_RETRY_AFTER_MS = 120_000;
/** Always safe to repeat: the server did not act on the call. */
const RETRY_ANY_METHOD = new Set([429, 503]);
/** Safe to repeat only when repeating cannot do the work twice. */
const RETRY_IDEMPOTENT = new Set([500, 502, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * HTTP to one workspace: timeouts, retries with exponential backoff and jitter on 429 and
 * 5xx (honouring Retry-After), and errors that name the call and quote the server.
 */
export class Transport {
  readonly host: string;
  private readonly retry: RetryPolicy;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: TransportOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  async json<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new WorkspaceApiError(`${method} ${path}`, response.status, 'INVALID_RESPONSE', `not JSON: ${text.slice(0, 200)}`, 1);
    }
  }

  async bytes(method: string, path: string, options: CallOptions = {}): Promise<Buffer> {
    const response = await this.send(method, path, options);
    return Buffer.from(await response.arrayBuffer());
  }

  private async send(method: string, path: string, options: CallOptions): Promise<Response> {
    const call = `${method} ${path}`;
    const url = this.url(path, options.query);
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = {
        Authorization: await this.options.authorization(),
        'User-Agent': this.options.userAgent ?? 'dataops',
        ...options.headers,
      };
      let body: string | Uint8Array | undefined;
      if (options.rawBody) {
        body = options.rawBody;
        headers['Content-Type'] = 'application/octet-stream';
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['Content-Type'] = 'application/json';
      }
      let response: Response;
      try {
        response = await this.fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      } catch (error) {
        const reason = describeNetworkError(error);
        if (attempt < this.retry.maxAttempts && retriableNetworkError(error, method)) {
          await this.sleep(backoff(attempt, this.retry, this.random));
          continue;
        }
        throw new ExternalError(`${call} failed: ${reason}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`, {
          hint: `check that ${this.host} is reachable`,
          cause: error,
        });
      }
      if (response.ok) return response;
      const retriable = RETRY_ANY_METHOD.has(response.status) || (RETRY_IDEMPOTENT.has(response.status) && IDEMPOTENT_METHODS.has(method));
      const wait = parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? backoff(attempt, this.retry, this.random);
      if (retriable && attempt < this.retry.maxAttempts && wait <= MAX_RETRY_AFTER_MS) {
        await response.body?.cancel();
        await this.sleep(wait);
        continue;
      }
      const failure = await readError(response);
      throw new WorkspaceApiError(call, response.status, failure.error_code, failure.message, attempt);
    }
  }

  private url(path: string, query: CallOptions['query']): string {
    const url = new URL(`${this.host}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

async function readError(response: Response): Promise<ApiErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody> & { error?: string; error_description?: string };
    return {
      error_code: parsed.error_code ?? parsed.error ?? String(response.status),
      message: parsed.message ?? parsed.error_description ?? (text.slice(0, 500) || response.statusText),
    };
  } catch {
    return { error_code: String(response.status), message: text.slice(0, 500) || response.statusText };
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer before the timeout';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function retriableNetworkError(error: unknown, method: string): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  // A refused connection never reached the server: repeating it cannot do anything twice.
  if (code === 'ECONNREFUSED') return true;
  return IDEMPOTENT_METHODS.has(method);
}

function hintFor(status: number): string | undefined {
  if (status === 401) return 'the token was refused: check DATABRICKS_TOKEN or run databricks auth login';
  if (status === 403) return 'the identity lacks a permission for this call';
  if (status === 429 || status >= 500) return 'the workspace is busy or failing; try again later';
  return undefined;
}
