/**
 * Secrets (tokens, webhook URLs, client secrets) must never reach output, logs or
 * files we write. Every value registered here is replaced wherever the UI writes.
 */
const secrets = new Set<string>();

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
  return true;
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}
