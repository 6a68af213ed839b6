import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A GitHub Actions OIDC token service of the test's own, on 127.0.0.1: answers
 * ACTIONS_ID_TOKEN_REQUEST_URL requests (bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, `&audience=`)
 * with RS256 JWTs signed by its own key, whose public half it serves at /.well-known/jwks.
 */
export class TestOidcIssuer {
  /** Claims of the next tokens, merged over GitHub's usual ones. */
  claims: Record<string, unknown> = {};
  readonly requests: Array<{ audience: string | null; authorized: boolean }> = [];
  readonly requestToken = `request-${randomUUID()}`;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = randomUUID();
  private server: Server | undefined;
  private origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.origin);
      if (url.pathname === '/.well-known/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] }));
        return;
      }
      const authorized = req.headers.authorization === `Bearer ${this.requestToken}`;
      this.requests.push({ audience: url.searchParams.get('audience'), authorized });
      if (!authorized) {
        res.writeHead(401).end('{"message":"bad request token"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value: this.sign(url.searchParams.get('audience') ?? 'https://github.com/acme') }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** What a runner puts in ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query). */
  get requestUrl(): string {
    return `${this.origin}/_apis/distributedtask/hubs/Actions/plans/p/jobs/j/idtoken?api-version=2.0`;
  }

  get jwksUrl(): string {
    return `${this.origin}/.well-known/jwks`;
  }

  sign(audience: string): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: 'https://token.actions.githubusercontent.com',
      aud: audience,
      jti: randomUUID(),
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      ...this.claims,
    };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${encode(payload)}`;
    return `${unsigned}.${sign('sha256', Buffer.from(unsigned), this.keys.privateKey as KeyObject).toString('base64url')}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
