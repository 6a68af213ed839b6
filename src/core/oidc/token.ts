/**
 * The claims of a JWT, read without its signature (nothing here verifies one: Databricks does
 * when it exchanges the token). The signature and the token itself are never returned.
 */
import { UsageError } from '../errors.js';
import type { OidcClaims } from './subject.js';

export interface DecodedToken {
  header: { alg?: string; kid?: string; typ?: string };
  claims: OidcClaims;
}

function part(text: string | undefined, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below, without the text.
  }
  throw new UsageError(`the OIDC token's ${what} is not base64url JSON`, { hint: 'the token service answered something that is not a JWT' });
}

export function decodeToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length !== 3) throw new UsageError(`the OIDC token is not a JWT (${parts.length} parts instead of 3)`, { hint: 'the token service answered something that is not a JWT' });
  const header = part(parts[0], 'header');
  return {
    header: { alg: typeof header.alg === 'string' ? header.alg : undefined, kid: typeof header.kid === 'string' ? header.kid : undefined, typ: typeof header.typ === 'string' ? header.typ : undefined },
    claims: part(parts[1], 'payload') as OidcClaims,
  };
}
