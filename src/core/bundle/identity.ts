/** Names the CLI derives from the current user (`workspace.current_user.*`). */
import type { Identity } from './model.js';
import type { CurrentUser } from './state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isServicePrincipalName(userName: string): boolean {
  return UUID.test(userName);
}

/** Lower case, every run of non-letters/digits as one `_`, no `_` at either end. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `tester@databricks.com` → `tester`; a service principal's display name when it has one. */
export function shortUserName(identity: Identity): string {
  const name = isServicePrincipalName(identity.userName) && identity.displayName ? identity.displayName : identity.userName;
  return normalizeName(name.split('@')[0] ?? name);
}

/** The short name with diacritics removed and anything but ASCII letters and digits as `-`. */
export function domainFriendlyName(identity: Identity): string {
  return stripMarks(shortUserName(identity))
    .replace(/[^A-Za-z0-9]/g, '-')
    .toLowerCase();
}

export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function currentUserOf(identity: Identity): CurrentUser {
  const user: CurrentUser = {
    userName: identity.userName,
    id: identity.id,
    shortName: shortUserName(identity),
    domainFriendlyName: domainFriendlyName(identity),
  };
  if (identity.displayName) user.displayName = identity.displayName;
  return user;
}
