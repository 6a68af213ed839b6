import { parse as parseIni } from 'ini';

/**
 * Which Databricks credentials are visible, in the Databricks CLI's order of
 * precedence: environment first, then the profile of ~/.databrickscfg.
 * Only names and kinds are returned, never a secret value.
 */
export interface CredentialSummary {
  host: string | null;
  authType: string | null;
  source: 'environment' | 'profile' | 'none';
  profile: string | null;
  /** Names of the settings found (e.g. DATABRICKS_TOKEN), never their values. */
  present: string[];
}

export interface ConfigProfile {
  host?: string;
  token?: string;
  client_id?: string;
  client_secret?: string;
  auth_type?: string;
  [key: string]: string | undefined;
}

export function parseDatabricksCfg(text: string): Record<string, ConfigProfile> {
  const parsed = parseIni(text) as Record<string, unknown>;
  const profiles: Record<string, ConfigProfile> = {};
  for (const [name, section] of Object.entries(parsed)) {
    if (section && typeof section === 'object') {
      profiles[name] = Object.fromEntries(
        Object.entries(section as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      );
    }
  }
  return profiles;
}

function authTypeOf(settings: { token?: string; clientId?: string; clientSecret?: string; explicit?: string }): string | null {
  if (settings.explicit) return settings.explicit;
  if (settings.token) return 'pat';
  if (settings.clientId && settings.clientSecret) return 'oauth-m2m';
  return null;
}

export function summarizeCredentials(env: NodeJS.ProcessEnv, profiles: Record<string, ConfigProfile>): CredentialSummary {
  const envNames = [
    'DATABRICKS_HOST',
    'DATABRICKS_TOKEN',
    'DATABRICKS_CLIENT_ID',
    'DATABRICKS_CLIENT_SECRET',
    'DATABRICKS_AUTH_TYPE',
    'DATABRICKS_CONFIG_PROFILE',
  ].filter((name) => env[name]);
  const envAuth = authTypeOf({
    token: env.DATABRICKS_TOKEN,
    clientId: env.DATABRICKS_CLIENT_ID,
    clientSecret: env.DATABRICKS_CLIENT_SECRET,
    explicit: env.DATABRICKS_AUTH_TYPE,
  });
  if (env.DATABRICKS_HOST && envAuth) {
    return { host: env.DATABRICKS_HOST, authType: envAuth, source: 'environment', profile: null, present: envNames };
  }
  const profileName = env.DATABRICKS_CONFIG_PROFILE ?? 'DEFAULT';
  const profile = profiles[profileName];
  if (profile?.host) {
    const present = Object.keys(profile).filter((k) => profile[k]);
    const authType = authTypeOf({
      token: profile.token,
      clientId: profile.client_id,
      clientSecret: profile.client_secret,
      explicit: profile.auth_type,
    });
    return { host: env.DATABRICKS_HOST ?? profile.host, authType, source: 'profile', profile: profileName, present };
  }
  return { host: env.DATABRICKS_HOST ?? null, authType: envAuth, source: env.DATABRICKS_HOST ? 'environment' : 'none', profile: null, present: envNames };
}
