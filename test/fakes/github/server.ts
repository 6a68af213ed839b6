import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGraphQL } from './graphql.js';
import { FakeRepository } from './model.js';
import { findRoute, type RestAnswer } from './rest.js';

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/**
 * A fake GitHub on 127.0.0.1: REST under `/api/v3`, GraphQL at `/api/graphql` (GitHub
 * Enterprise's layout, so octokit and release-please need only GITHUB_API_URL and
 * GITHUB_GRAPHQL_URL). Tokens map to logins; unknown tokens get 401.
 */
export class FakeGitHub {
  readonly repo: FakeRepository;
  readonly requests: RecordedRequest[] = [];
  /** Every GraphQL query the server answered, for checks that they were valid. */
  readonly graphqlErrors: string[] = [];
  /** Handlers that threw: bugs in the fake, which tests assert are absent. */
  readonly failures: string[] = [];
  private readonly tokens = new Map<string, string>();
  private faults: Array<{ method: string; path: RegExp; answer: RestAnswer; times: number }> = [];
  private server: Server | undefined;
  private base = '';

  constructor(repo = new FakeRepository()) {
    this.repo = repo;
  }

  /** Registers a token for a login (the workflow's bot by default). */
  token(value: string, login = 'github-actions[bot]'): this {
    this.tokens.set(value, login);
    return this;
  }

  /** The next `times` requests matching method and path (below /api/v3) get `answer` instead: outages and refusals. */
  fail(method: string, path: RegExp, answer: RestAnswer, times = 1): this {
    this.faults.push({ method, path, answer, times });
    return this;
  }

  get apiUrl(): string {
    return `${this.base}/api/v3`;
  }

  get graphqlUrl(): string {
    return `${this.base}/api/graphql`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests that changed something (everything but GET and GraphQL reads). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/graphql'));
  }

  private async handle(request: IncomingMessage): Promise<RestAnswer> {
    const url = new URL(request.url ?? '/', this.base);
    const text = await readBody(request);
    const body: unknown = text && request.headers['content-type']?.includes('json') ? JSON.parse(text) : undefined;
    const answer = await this.answer(request, url, body).catch((error: unknown): RestAnswer => {
      // A bug in the fake shows as a 500 naming it, never as a hung request.
      const message = `the fake GitHub failed on ${request.method} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`;
      this.failures.push(message);
      return { status: 500, body: { message } };
    });
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, status: answer.status, body });
    return answer;
  }

  private async answer(request: IncomingMessage, url: URL, body: unknown): Promise<RestAnswer> {
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const login = token ? this.tokens.get(token) : undefined;
    if (!login) return { status: 401, body: { message: 'Bad credentials' } };
    if (url.pathname === '/api/graphql' && request.method === 'POST') {
      const { query, variables } = body as { query: string; variables?: Record<string, unknown> };
      const answer = await answerGraphQL(this.repo, query, variables ?? {});
      for (const error of answer.errors ?? []) this.graphqlErrors.push(error.message);
      return { status: 200, body: answer };
    }
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const fault = this.faults.find((f) => f.times > 0 && f.method === request.method && f.path.test(path));
    if (fault) {
      fault.times--;
      return fault.answer;
    }
    const found = findRoute(request.method ?? 'GET', path);
    if (!found) return { status: 404, body: { message: `the fake GitHub has no route for ${request.method} ${path}` } };
    return found.handler(this.repo, { params: found.params, query: url.searchParams, body, login });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
