import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * GitHub Actions' OIDC token service on 127.0.0.1: what a runner reaches through
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. It signs with a key of its
 * own and publishes it as GitHub does (`/.well-known/openid-configuration` → `jwks_uri`).
 * Each job gets a request token bound to the claims GitHub would put in its ID token.
 */
export interface GitHubOidc {
  issuer: string;
  /** The two variables of a job whose ID tokens carry these claims (`sub` at least). */
  jobEnv(claims: JobClaims): { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** A signed ID token directly, e.g. an expired one or one for another audience. */
  sign(claims: JobClaims & { aud: string }, options?: { expiresInSeconds?: number }): Promise<string>;
  /** The audiences asked for, in order, so a test sees what the clients requested. */
  requestedAudiences: string[];
  close(): Promise<void>;
}

export type JobClaims = { sub: string } & Record<string, string>;

const KEY_ID = 'dataops-test-github-oidc';

export async function startGitHubOidc(): Promise<GitHubOidc> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const jobs = new Map<string, JobClaims>();
  const requestedAudiences: string[] = [];
  let issuer = '';

  const sign = (claims: JobClaims & { aud: string }, options: { expiresInSeconds?: number } = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + (options.expiresInSeconds ?? 300))
      .setJti(randomBytes(8).toString('hex'))
      .sign(privateKey);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, { issuer, jwks_uri: `${issuer}/.well-known/jwks`, subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] });
      return;
    }
    if (url.pathname === '/.well-known/jwks') {
      json(200, { keys: [jwk] });
      return;
    }
    if (url.pathname === '/token') {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const claims = jobs.get(bearer);
      if (!claims) {
        json(401, { message: 'Bad credentials' });
        return;
      }
      const aud = url.searchParams.get('audience') ?? 'https://github.com/acme';
      requestedAudiences.push(aud);
      void sign({ ...claims, aud }).then((value) => json(200, { value }));
      return;
    }
    json(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    requestedAudiences,
    jobEnv: (claims) => {
      const token = randomBytes(16).toString('hex');
      jobs.set(token, claims);
      return { ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: token };
    },
    sign,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
