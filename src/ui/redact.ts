/**
 * Secrets (tokens, webhook URLs, client secrets) must never reach output, logs, files we
 * write or anything sent out. Every value registered here is replaced wherever the UI writes
 * and in what leaves the machine (the Teams card), in each form it may take there: as it is,
 * percent-encoded (in a URL or a query), and JSON-escaped (inside a JSON string).
 */
const secrets = new Set<string>();
/** Every form of every secret, longest first: a URL is replaced before the token inside it. */
let forms: string[] = [];

/** Environment variables whose values are always secret when present. */
export const SECRET_ENV_VARS = [
  'DATABRICKS_TOKEN',
  'DATABRICKS_CLIENT_SECRET',
  'DATABRICKS_PASSWORD',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'DATAOPS_TEAMS_WEBHOOK_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
] as const;

const MIN_SECRET_LENGTH = 4;

export function registerSecret(value: string | undefined): boolean {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return false;
  secrets.add(value);
  const all = new Set(forms);
  for (const form of encodings(value)) if (form.length >= MIN_SECRET_LENGTH) all.add(form);
  forms = [...all].sort((a, b) => b.length - a.length);
  return true;
}

/** The forms a value takes when it is put in a URL, in a JSON string, or taken out of a URL. */
function encodings(value: string): string[] {
  const percent = encodeURIComponent(value);
  const json = JSON.stringify(value).slice(1, -1);
  const out = [value, percent, percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), encodeURI(value), json, JSON.stringify(percent).slice(1, -1)];
  try {
    const decoded = decodeURIComponent(value);
    out.push(decoded, JSON.stringify(decoded).slice(1, -1));
  } catch {
    // Not percent-encoded text.
  }
  // A query value may carry its spaces as '+'.
  out.push(percent.replaceAll('%20', '+'));
  return out;
}

export function redact(text: string): string {
  let out = text;
  for (const form of forms) {
    if (out.includes(form)) out = out.split(form).join('***');
  }
  return out;
}

/** A JSON value with every string redacted: for what is sent out (a card), which must stay valid JSON. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactDeep(item);
    return out as T;
  }
  return value;
}
