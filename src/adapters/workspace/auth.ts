import { ExternalError, UsageError } from '../../core/errors.js';
import { parseDatabricksCfg, type ConfigProfile } from '../../core/credentials.js';
import type { OAuthTokenResponse } from '../../core/workspace-api.js';
import { githubOidcToken } from './github-oidc.js';

export type AuthKind = 'pat' | 'oauth-m2m' | 'github-oidc' | 'databricks-cli';

/** How calls to a workspace authenticate. The token itself never leaves `authorization()`. */
export interface Credentials {
  host: string;
  kind: AuthKind;
  /** Where the settings came from: the environment or a ~/.databrickscfg profile. */
  source: 'environment' | 'profile';
  profile: string | null;
  authorization(): Promise<string>;
}

/** What resolving credentials may touch; passed in so tests can give their own. */
export interface AuthSources {
  env: NodeJS.ProcessEnv;
  /** The text of ~/.databrickscfg (or DATABRICKS_CONFIG_FILE), or null when there is none. */
  readConfigFile: () => Promise<string | null>;
  /** Runs `databricks <args>`; used for auth types dataops does not implement itself. */
  runDatabricks: (args: readonly string[]) => Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Tokens are renewed this long before they expire. */
const EXPIRY_MARGIN_MS = 60_000;

interface Settings {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  authType?: string;
}

/**
 * Resolves credentials from the sources the Databricks CLI reads, in its order:
 * environment variables first, then the profile of the config file (DATABRICKS_CONFIG_PROFILE,
 * or DEFAULT when the environment names no host). Tokens (PAT) and OAuth M2M are handled
 * here; any other auth type is delegated to `databricks auth token`.
 */
export async function resolveCredentials(sources: AuthSources): Promise<Credentials> {
  const env = sources.env;
  const fromEnv: Settings = {
    host: env.DATABRICKS_HOST,
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
    authType: env.DATABRICKS_AUTH_TYPE,
  };
  const profileName = env.DATABRICKS_CONFIG_PROFILE ?? (fromEnv.host ? null : 'DEFAULT');
  const profile = profileName ? await readProfile(sources, profileName, env.DATABRICKS_CONFIG_PROFILE !== undefined) : null;
  const settings: Settings = { ...fromProfile(profile), ...definedOnly(fromEnv) };
  const source = profile && !fromEnv.host ? 'profile' : 'environment';
  const host = settings.host ? normaliseHost(settings.host) : undefined;
  if (!host) {
    throw new UsageError('no Databricks workspace is configured', {
      hint: 'set DATABRICKS_HOST and DATABRICKS_TOKEN, run databricks auth login, or set DATABRICKS_CONFIG_PROFILE',
    });
  }
  const base = { host, source, profile: profile ? profileName : null } as const;
  const kind = authKindOf(settings);
  if (kind === 'pat') {
    const header = `Bearer ${settings.token ?? ''}`;
    return { ...base, kind, authorization: () => Promise.resolve(header) };
  }
  if (kind === 'oauth-m2m') {
    return { ...base, kind, authorization: cached(() => clientCredentialsToken(host, settings, sources), sources.now) };
  }
  if (kind === 'github-oidc') {
    const now = sources.now ?? Date.now;
    const exchange = async (): Promise<Token> => {
      const token = await githubOidcToken(host, { ...env, DATABRICKS_CLIENT_ID: settings.clientId }, sources.fetch ?? fetch);
      return { value: token.value, expires: now() + token.expiresInSeconds * 1000 };
    };
    return { ...base, kind, authorization: cached(exchange, sources.now) };
  }
  const args = ['auth', 'token', ...(profile && profileName ? ['--profile', profileName] : ['--host', host]), '--output', 'json'];
  return { ...base, kind, authorization: cached(() => cliToken(args, sources), sources.now) };
}

function authKindOf(settings: Settings): AuthKind {
  if (settings.authType === 'pat' || (!settings.authType && settings.token)) return 'pat';
  if (settings.authType === 'oauth-m2m' || (!settings.authType && settings.clientId && settings.clientSecret)) return 'oauth-m2m';
  if (settings.authType === 'github-oidc') return 'github-oidc';
  return 'databricks-cli';
}

async function readProfile(sources: AuthSources, name: string, explicit: boolean): Promise<ConfigProfile | null> {
  const text = await sources.readConfigFile();
  const profile = text ? parseDatabricksCfg(text)[name] : undefined;
  if (!profile && explicit) {
    throw new UsageError(`the profile ${name} (DATABRICKS_CONFIG_PROFILE) is not in the Databricks config file`, {
      hint: 'run databricks auth profiles to list the profiles, or databricks configure to add one',
    });
  }
  return profile ?? null;
}

function fromProfile(profile: ConfigProfile | null): Settings {
  if (!profile) return {};
  return definedOnly({ host: profile.host, token: profile.token, clientId: profile.client_id, clientSecret: profile.client_secret, authType: profile.auth_type });
}

function definedOnly(settings: Settings): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined && value !== '')) as Settings;
}

function normaliseHost(host: string): string {
  const withScheme = /^https?:\/\//.test(host) ? host : `https://${host}`;
  return withScheme.replace(/\/+$/, '');
}

interface Token {
  value: string;
  expires: number;
}

/** A token source whose token is reused until shortly before it expires. */
function cached(fetchToken: () => Promise<Token>, now: () => number = Date.now): () => Promise<string> {
  let current: Token | null = null;
  let pending: Promise<Token> | null = null;
  return async () => {
    if (!current || current.expires - EXPIRY_MARGIN_MS <= now()) {
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      current = await pending;
    }
    return `Bearer ${current.value}`;
  };
}

async function clientCredentialsToken(host: string, settings: Settings, sources: AuthSources): Promise<Token> {
  const call = `POST ${host}/oidc/v1/token`;
  const basic = Buffer.from(`${encodeURIComponent(settings.clientId ?? '')}:${encodeURIComponent(settings.clientSecret ?? '')}`).toString('base64');
  let response: Response;
  try {
    response = await (sources.fetch ?? fetch)(`${host}/oidc/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'all-apis' }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ExternalError(`${call} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ExternalError(`${call} failed: HTTP ${response.status}: ${text.slice(0, 300)}`, {
      hint: 'check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET of the service principal',
    });
  }
  const token = parseTokenJson<OAuthTokenResponse>(text, call);
  return { value: token.access_token, expires: (sources.now ?? Date.now)() + token.expires_in * 1000 };
}

async function cliToken(args: readonly string[], sources: AuthSources): Promise<Token> {
  const result = await sources.runDatabricks(args);
  if (result.exitCode !== 0) {
    const reason = result.exitCode === 127 ? 'the databricks CLI is not installed' : (result.stderr.trim().split('\n')[0] ?? `exit code ${result.exitCode}`);
    throw new ExternalError(`databricks ${args.join(' ')} failed: ${reason}`, {
      hint: 'run databricks auth login, or set DATABRICKS_HOST with DATABRICKS_TOKEN or a client id and secret',
    });
  }
  const parsed = parseTokenJson<{ access_token: string; expiry?: string }>(result.stdout, `databricks ${args.join(' ')}`);
  const expires = parsed.expiry ? Date.parse(parsed.expiry) : NaN;
  return { value: parsed.access_token, expires: Number.isNaN(expires) ? (sources.now ?? Date.now)() + 5 * 60_000 : expires };
}

/** JSON.parse's own message quotes the text, which holds a token: this one names only the call. */
function parseTokenJson<T>(text: string, call: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ExternalError(`${call} answered with something that is not JSON`, { hint: 'check that DATABRICKS_HOST is the workspace URL' });
  }
}
