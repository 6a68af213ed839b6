import type { ApiErrorBody } from '../core/workspace-api.js';
import type { Identity } from './identities.js';

/** A failure the API reports in Databricks' error format, with the real status code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ApiErrorBody {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const notFound = (message: string): ApiError => new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
export const invalidParameter = (message: string): ApiError => new ApiError(400, 'INVALID_PARAMETER_VALUE', message);

/** What a handler sees of a request. */
export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The caller, or null on the few endpoints that need no token. */
  identity: Identity | null;
}

/** A response other than a plain JSON 200: a status, headers or raw bytes. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export type Handler = (request: ApiRequest) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  /** Whether the route answers without a token (discovery, OAuth). */
  open: boolean;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  open: boolean;
}

/**
 * Routes in the notation of the Databricks API reference: `{name}` is one path segment,
 * `{name...}` the rest of the path.
 */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler, options: { open?: boolean } = {}): void {
    const names: string[] = [];
    const source = path
      .split(/(\{\w+(?:\.\.\.)?\})/)
      .map((part) => {
        const param = /^\{(\w+)(\.\.\.)?\}$/.exec(part);
        if (!param?.[1]) return part.replace(/[.]/g, '\\.');
        names.push(param[1]);
        return param[2] ? '(.*)' : '([^/]+)';
      })
      .join('');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler, open: options.open ?? false });
  }

  match(method: string, path: string): RouteMatch | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { handler: route.handler, params, open: route.open };
    }
    return null;
  }
}

/** Parses a JSON body; an empty body is an empty object, as the real API treats it. */
export function jsonBody<T>(request: ApiRequest): T {
  if (request.body.length === 0) return {} as T;
  try {
    return JSON.parse(request.body.toString('utf8')) as T;
  } catch {
    throw new ApiError(400, 'MALFORMED_REQUEST', 'Could not parse request body as JSON');
  }
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(`Missing required field: ${name}`);
  return value;
}

export function requireInteger(value: unknown, name: string): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw invalidParameter(`Missing or invalid field: ${name}`);
  return number;
}

/** The caller of a route that needs a token (every route that is not open has one). */
export function caller(request: ApiRequest): Identity {
  if (!request.identity) throw new ApiError(401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.');
  return request.identity;
}
