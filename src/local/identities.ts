import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './files.js';

/** Who a request acts as. */
export interface Identity {
  kind: 'user' | 'service-principal';
  id: string;
  /** For a user its e-mail; for a service principal its application id, as SCIM reports it. */
  userName: string;
  displayName: string;
  applicationId?: string;
}

export type IdentityName = 'developer' | 'service-principal';

interface StoredIdentity {
  identity: Identity;
  token: string;
  /** OAuth M2M secret; only service principals have one. */
  clientSecret?: string;
}

export type IdentityFile = Record<IdentityName, StoredIdentity>;

const FILE = 'identities.json';

/** Reads the identities of a data dir, or null when the workspace was never started there. */
export function readIdentities(dataDir: string): IdentityFile | null {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as IdentityFile;
}

/**
 * The developer and the service principal of a local workspace, created on first start.
 * Tokens are random per data dir, so one leaked from a laptop opens nothing else.
 */
export function loadOrCreateIdentities(dataDir: string): IdentityFile {
  const existing = readIdentities(dataDir);
  if (existing) return existing;
  const applicationId = randomUUID();
  const created: IdentityFile = {
    developer: {
      identity: { kind: 'user', id: '1000000000000001', userName: 'developer@dataops.local', displayName: 'Local Developer' },
      token: newToken(),
    },
    'service-principal': {
      identity: { kind: 'service-principal', id: '1000000000000002', userName: applicationId, displayName: 'dataops-local-deployer', applicationId },
      token: newToken(),
      clientSecret: `dose${randomBytes(24).toString('hex')}`,
    },
  };
  writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(created, null, 2), 0o600);
  return created;
}

export function newToken(): string {
  return `dapi${randomBytes(16).toString('hex')}`;
}
