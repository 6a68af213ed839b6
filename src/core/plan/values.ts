/**
 * How a changed value is shown to a reviewer: short values as they are, long ones (a
 * serialized dashboard, a notebook's parameters) summarised by size and a fingerprint, and
 * anything that may be a secret never shown at all.
 */
import type { JsonValue } from '../bundle/model.js';

/** Longer than this, a value is summarised. */
export const MAX_SHOWN = 80;

/** Field names that hold credentials in Databricks resources (spark_env_vars, secrets, connections). */
const SECRET_FIELD = /(token|secret|password|passwd|credential|private[_-]?key|api[_-]?key|client[_-]?secret|authorization)/i;
/** Values that look like credentials whatever field they are in: Databricks PATs, GitHub tokens, JWTs, bearer headers. */
const SECRET_VALUE = /(\bdapi[0-9a-f]{16,}|\bdose[0-9a-f]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|\bBearer\s+\S{8,})/;
/** `{{secrets/scope/key}}` references name a secret without holding it: they are safe to show. */
const SECRET_REFERENCE = /^\{\{secrets\/[^}]+\}\}$/;

export const HIDDEN = '(hidden: may be a secret)';

export function isSecretPath(path: string): boolean {
  return SECRET_FIELD.test(path);
}

/** The text a reviewer sees for a value at `path`. */
export function showValue(path: string, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (containsSecret(path, value, text)) return HIDDEN;
  if (text.length <= MAX_SHOWN) return typeof value === 'string' ? JSON.stringify(value) : text;
  return `(${describeLong(value, text)}, fingerprint ${fingerprint(text)})`;
}

function containsSecret(path: string, value: JsonValue, text: string): boolean {
  if (typeof value === 'string' && SECRET_REFERENCE.test(value)) return false;
  return isSecretPath(path) || SECRET_VALUE.test(text) || (typeof value === 'object' && hasSecretKey(value));
}

function hasSecretKey(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(hasSecretKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => (SECRET_FIELD.test(key) && !(typeof inner === 'string' && SECRET_REFERENCE.test(inner))) || hasSecretKey(inner));
}

function describeLong(value: JsonValue, text: string): string {
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return `object with ${Object.keys(value).length} fields`;
  return `${text.length} characters`;
}

/** FNV-1a, 32 bits: enough to tell two long values apart at a glance; core has no crypto. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
