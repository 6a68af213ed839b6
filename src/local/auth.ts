import type { Identity, IdentityFile } from './identities.js';
import { newToken } from './identities.js';

const OAUTH_TOKEN_TTL_SECONDS = 3600;

/** Maps bearer tokens to identities: the personal tokens of the data dir and issued OAuth tokens. */
export class Authenticator {
  private readonly issued = new Map<string, { identity: Identity; expires: number }>();

  constructor(
    private readonly identities: IdentityFile,
    private readonly now: () => number,
    /** Service principals added through SCIM, kept in the workspace state. */
    private readonly added: () => Identity[] = () => [],
  ) {}

  identify(token: string): Identity | null {
    for (const stored of Object.values(this.identities)) {
      if (stored.token === token) return stored.identity;
    }
    const issued = this.issued.get(token);
    if (issued && issued.expires > this.now()) return issued.identity;
    return null;
  }

  /** Client credentials grant: a service principal's id and secret for a short-lived token. */
  issueForClient(clientId: string, clientSecret: string): { token: string; expiresIn: number } | null {
    const principal = Object.values(this.identities).find(
      (stored) => stored.identity.applicationId === clientId && stored.clientSecret === clientSecret,
    );
    if (!principal) return null;
    return this.issueFor(principal.identity);
  }

  /** A short-lived token for an identity whose right to it was checked elsewhere (a federated token exchange). */
  issueFor(identity: Identity): { token: string; expiresIn: number } {
    const token = newToken();
    this.issued.set(token, { identity, expires: this.now() + OAUTH_TOKEN_TTL_SECONDS * 1000 });
    return { token, expiresIn: OAUTH_TOKEN_TTL_SECONDS };
  }

  principals(): Identity[] {
    return [...Object.values(this.identities).map((stored) => stored.identity), ...this.added()];
  }
}
