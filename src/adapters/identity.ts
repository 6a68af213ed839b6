/**
 * Who runs the bundle (`workspace.current_user`): DATAOPS_CURRENT_USER (with DATAOPS_CURRENT_USER_ID and
 * DATAOPS_CURRENT_USER_DISPLAY_NAME) when set, otherwise
 * the Databricks CLI's `current-user me` when credentials exist (cached per host and principal in
 * ~/.cache/dataops, so a resolve stays offline after the first), otherwise git's
 * user.email, otherwise the login name.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDatabricksCfg, summarizeCredentials } from '../core/credentials.js';
import type { Identity } from '../core/bundle/model.js';
import { cacheDir } from './cache-dir.js';
import { runProcess } from './process.js';

export interface IdentityLookup {
  identity: Identity;
  /** Where it came from, for --verbose. */
  source: string;
}

const DEFAULT_ID = '0';

export async function readIdentity(cwd: string, env: NodeJS.ProcessEnv): Promise<IdentityLookup> {
  if (env.DATAOPS_CURRENT_USER) {
    const identity: Identity = { userName: env.DATAOPS_CURRENT_USER, id: env.DATAOPS_CURRENT_USER_ID ?? DEFAULT_ID };
    if (env.DATAOPS_CURRENT_USER_DISPLAY_NAME) identity.displayName = env.DATAOPS_CURRENT_USER_DISPLAY_NAME;
    return { identity, source: 'DATAOPS_CURRENT_USER' };
  }
  const fromWorkspace = await readWorkspaceIdentity(env);
  if (fromWorkspace) return fromWorkspace;
  const email = await runProcess('git', ['config', '--get', 'user.email'], { cwd, env, timeoutMs: 15_000 });
  if (email.exitCode === 0 && email.stdout.trim()) {
    return { identity: { userName: email.stdout.trim(), id: DEFAULT_ID }, source: 'git config user.email (no Databricks credentials; set DATAOPS_CURRENT_USER to choose)' };
  }
  return { identity: { userName: os.userInfo().username, id: DEFAULT_ID }, source: 'the login name (no Databricks credentials, no git user.email)' };
}

interface MeResponse {
  id?: string;
  userName?: string;
  displayName?: string;
}

async function readWorkspaceIdentity(env: NodeJS.ProcessEnv): Promise<IdentityLookup | undefined> {
  const cfgPath = env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), '.databrickscfg');
  let cfgText = '';
  try {
    cfgText = readFileSync(cfgPath, 'utf8');
  } catch {
    // no config file: only the environment can hold credentials
  }
  const profiles = parseDatabricksCfg(cfgText);
  const credentials = summarizeCredentials(env, profiles);
  if (credentials.source === 'none' || !credentials.host) return undefined;

  // One cache entry per host AND principal: the same host with another token (a developer,
  // then the service principal) is another user.
  const profile = credentials.profile ? profiles[credentials.profile] : undefined;
  const principal = env.DATABRICKS_TOKEN ?? env.DATABRICKS_CLIENT_ID ?? profile?.token ?? profile?.client_id ?? '';
  const cacheFile = path.join(cacheDir(env), `current-user-${cacheKey(credentials.host, credentials.profile, principal)}.json`);
  const cached = readCached(cacheFile);
  if (cached) return { identity: cached, source: `cached databricks current-user me for ${credentials.host} (${cacheFile})` };

  const result = await runProcess('databricks', ['current-user', 'me', '-o', 'json'], { env, timeoutMs: 30_000 });
  if (result.exitCode !== 0) return undefined;
  const identity = identityOf(result.stdout);
  if (!identity) return undefined;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(identity) + '\n', { mode: 0o600 });
  } catch {
    // an unwritable cache only costs a CLI call next time
  }
  return { identity, source: `databricks current-user me for ${credentials.host}` };
}

/** A one-way key: the file name never reveals the token it was made from. */
function cacheKey(host: string, profile: string | null, principal: string): string {
  return createHash('sha256').update(`${host}\n${profile ?? ''}\n${principal}`).digest('hex').slice(0, 16);
}

function readCached(file: string): Identity | undefined {
  try {
    return identityOf(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function identityOf(text: string): Identity | undefined {
  try {
    const me = JSON.parse(text) as MeResponse;
    if (!me.userName) return undefined;
    const identity: Identity = { userName: me.userName, id: me.id ?? DEFAULT_ID };
    if (me.displayName) identity.displayName = me.displayName;
    return identity;
  } catch {
    return undefined;
  }
}
