import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../auth.js';
import type { Router } from '../http.js';
import type { Store } from '../state.js';

/** What every API module of the local workspace is given. */
export interface LocalContext {
  store: Store;
  auth: Authenticator;
  now(): number;
  /** The base URL the server answers on (known once it listens). */
  baseUrl(): string;
}

export type ApiModule = (router: Router, context: LocalContext) => void;

/** Milliseconds since the epoch as the RFC 3339 text the newer APIs use. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The account the workspace belongs to; data dirs made before it was kept get one on first use. */
export function accountId(context: LocalContext): string {
  if (!context.store.state.account_id) {
    context.store.state.account_id = randomUUID();
    context.store.save();
  }
  return context.store.state.account_id;
}
