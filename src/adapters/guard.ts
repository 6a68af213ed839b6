/**
 * `runGuard`: the guard wired to the real world — the bundle resolved from a directory,
 * dataops.yml, the workspace REST client and the deployment state. `dataops guard` prints
 * its result; `dataops deploy` runs it as a preflight and refuses on a non-zero exit code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExternalError, UsageError } from '../core/errors.js';
import { guardedResources, targetPlaces } from '../core/guard/resources.js';
import { guard, type GuardResult } from '../core/guard/run.js';
import { guardSettings, type GuardSettings } from '../core/guard/settings.js';
import { productionSettings, type ProductionSettings } from '../core/deploy/settings.js';
import { isProduction } from '../core/deploy/target-kind.js';
import { stringAt } from '../core/rules/config.js';
import { readDeploymentState } from './deployment-state.js';
import type { ResolvedTarget } from '../core/bundle/model.js';
import { loadResolvedTarget } from './load-bundle.js';
import { sandboxEnv } from './sandbox-env.js';
import { connectWorkspace, type WorkspaceClient } from './workspace/client.js';
import { guardLookups } from './workspace/guard-lookups.js';

interface GuardOptions {
  env: NodeJS.ProcessEnv;
  /** Resource keys accepted on top of `guard.allow` in dataops.yml. */
  allow?: readonly string[];
  /** Workspace calls at once; default `guard.concurrency` in dataops.yml, else 8. */
  concurrency?: number;
  /** A client the caller already has (deploy); else one from the environment. */
  client?: WorkspaceClient;
}

export interface RunGuardOptions extends GuardOptions {
  cwd: string;
  /** -t; else the bundle's default target. */
  target?: string;
  vars?: ReadonlyArray<readonly [string, string]>;
}

export interface GuardTargetOptions extends GuardOptions {
  /** A target the caller resolved already (deploy's preflight). */
  resolved: ResolvedTarget;
  /** Its bundle root: dataops.yml and the CLI's local state copy live there. */
  rootDir: string;
  /** The workspace already failed to answer: nothing can be checked. */
  outage?: ExternalError;
}

export interface RunGuardResult extends GuardResult {
  /** The bundle root relative to the git repository ('' when they are one), for annotation paths. */
  repoPrefix: string;
}

export interface LiveTarget {
  client: WorkspaceClient;
  env: NodeJS.ProcessEnv;
  resolved: ResolvedTarget;
  rootDir: string;
  /** The workspace did not answer who the current user is: nothing can be checked. */
  outage?: ExternalError;
}

/**
 * Connects to the workspace and resolves the target from a directory, with final names as
 * the workspace's current user would deploy them. Throws UsageError for a bad bundle,
 * target or missing credentials.
 */
export async function resolveLive(options: RunGuardOptions): Promise<LiveTarget> {
  const client = options.client ?? (await connectWorkspace(options.env));
  const user = await currentUser(client, options.env);
  // Without the workspace nothing is checked; a stand-in user keeps the resolver from asking it again.
  const identified = user instanceof ExternalError ? { ...options.env, DATAOPS_CURRENT_USER: 'unknown-user' } : user;
  const env = await sandboxEnv({ cwd: options.cwd, env: identified, target: options.target });
  const { resolved, rootDir } = await loadResolvedTarget({ cwd: options.cwd, target: options.target, vars: options.vars, env });
  failOnResolveErrors(resolved, rootDir);
  return { client, env, resolved, rootDir, ...(user instanceof ExternalError ? { outage: user } : {}) };
}

/**
 * The guard for a bundle directory. A workspace that cannot be asked is in the result rather
 * than thrown: exit code 3 for production targets, a warning for the others.
 */
export async function runGuard(options: RunGuardOptions): Promise<RunGuardResult> {
  return guardTarget({ ...options, ...(await resolveLive(options)) });
}

/** Guards a resolved target against the workspace. */
export async function guardTarget(options: GuardTargetOptions): Promise<RunGuardResult> {
  const { resolved, rootDir, env } = options;
  const client = options.client ?? (await connectWorkspace(env));
  const target = resolved.target ?? 'default';
  const places = targetPlaces(resolved);
  // Read while the settings load and the workspace is listed; the guard awaits it when it classifies.
  const state = options.outage ?? readDeploymentState(client, { statePath: places.statePath, rootDir, target, env }).catch(asOutage);
  Promise.resolve(state).catch(() => undefined);
  const settings = await readGuardSettings(rootDir);
  const result = await guard({
    target,
    production: isProduction(resolved.target, resolved.config, settings.production),
    resources: guardedResources(resolved),
    places,
    state,
    workspace: guardLookups(client),
    allow: [...settings.guard.allow, ...(options.allow ?? [])],
    concurrency: options.concurrency ?? settings.guard.concurrency,
  });
  return { ...result, repoPrefix: repoPrefixOf(resolved) };
}

/** The bundle root relative to the git repository ('' when they are one): annotations need repository paths. */
export function repoPrefixOf(resolved: ResolvedTarget): string {
  const bundleRootPath = stringAt(resolved.config, ['bundle', 'git', 'bundle_root_path']) ?? '.';
  return bundleRootPath === '.' ? '' : bundleRootPath;
}

/**
 * Final names depend on who deploys (`[dev <short name>]`): ask the workspace itself rather
 * than a cache or git, unless DATAOPS_CURRENT_USER already says. A workspace that does not
 * answer is an outage: names guessed without it could hide a conflict.
 */
async function currentUser(client: WorkspaceClient, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv | ExternalError> {
  if (env.DATAOPS_CURRENT_USER) return env;
  try {
    const me = await client.identity.me();
    return { ...env, DATAOPS_CURRENT_USER: me.userName, DATAOPS_CURRENT_USER_ID: me.id };
  } catch (error) {
    return asOutage(error);
  }
}

function failOnResolveErrors(resolved: ResolvedTarget, rootDir: string): void {
  const error = resolved.diagnostics.find((d) => d.severity === 'error');
  if (!error && resolved.loaded) return;
  const location = error?.locations[0];
  throw new UsageError(`the bundle does not resolve: ${error?.summary ?? `no configuration loaded from ${rootDir}`}`, {
    ...(location ? { location } : {}),
    hint: 'run dataops resolve or dataops validate to see every problem',
  });
}

/** What the guard and drift read from dataops.yml: what to allow, and which targets are production (they fail closed). */
export async function readGuardSettings(rootDir: string): Promise<{ guard: GuardSettings; production: ProductionSettings }> {
  const [{ parseSettings, SETTINGS_FILE }, { RULES }] = await Promise.all([import('../core/settings.js'), import('../core/rules/catalog.js')]);
  const text = await readFile(path.join(rootDir, SETTINGS_FILE), 'utf8').catch(() => undefined);
  const { raw } = parseSettings(text, RULES);
  return { guard: guardSettings(raw), production: productionSettings(raw) };
}

function asOutage(error: unknown): ExternalError {
  if (error instanceof ExternalError) return error;
  throw error;
}
