/**
 * `runGuard`: the guard wired to the real world — the project's target as deploy sees it,
 * dataops.yml, the workspace REST client and the deployment state. `dataops guard` prints
 * its result; `dataops deploy` runs it as a preflight and refuses on a non-zero exit code.
 */
import type { Vars } from '../core/bundle/var-flags.js';
import { ExternalError, UsageError } from '../core/errors.js';
import { guardedResources, targetPlaces } from '../core/guard/resources.js';
import { guard, type GuardResult } from '../core/guard/run.js';
import { guardSettings, type GuardSettings } from '../core/guard/settings.js';
import { productionSettings, type ProductionSettings } from '../core/deploy/settings.js';
import { isProduction } from '../core/deploy/target-kind.js';
import { stringAt } from '../core/bundle/config-values.js';
import type { ResolvedTarget } from '../core/bundle/model.js';
import { readDeploymentState } from '../adapters/deployment-state.js';
import type { Deployment, Project } from '../adapters/project.js';
import type { WorkspaceClient } from '../adapters/workspace/client.js';
import { guardLookups } from '../adapters/workspace/guard-lookups.js';

export interface GuardOptions {
  /** Resource keys accepted on top of `guard.allow` in dataops.yml. */
  allow?: readonly string[];
  /** Workspace calls at once; default `guard.concurrency` in dataops.yml, else 8. */
  concurrency?: number;
}

export interface LiveTargetRequest {
  /** -t; else the bundle's default target. */
  target?: string;
  vars?: Vars;
}

export interface RunGuardResult extends GuardResult {
  /** The bundle root relative to the git repository ('' when they are one), for annotation paths. */
  repoPrefix: string;
}

export interface LiveTarget {
  client: WorkspaceClient;
  deployment: Deployment;
  /** The workspace did not answer who the current user is: nothing can be checked. */
  outage?: ExternalError;
}

/**
 * Connects to the workspace and resolves the target as deploy would, with final names as the
 * workspace's current user would deploy them. Throws UsageError for a bad bundle, target or
 * missing credentials.
 */
export async function resolveLive(project: Project, request: LiveTargetRequest): Promise<LiveTarget> {
  const client = await project.workspace();
  // Without the workspace nothing is checked; the project's own identity then names things.
  const outage = await useWorkspaceIdentity(project, client);
  // An online project resolves the lookups with this workspace (a workspace that does not answer them is exit 3).
  const deployment = await project.deployment(request.target, request.vars ?? []);
  failOnResolveErrors(deployment.resolved, project.root());
  return { client, deployment, ...(outage ? { outage } : {}) };
}

/**
 * The guard for the project's target. A workspace that cannot be asked is in the result rather
 * than thrown: exit code 3 for production targets, a warning for the others.
 */
export async function runGuard(project: Project, request: LiveTargetRequest & GuardOptions): Promise<RunGuardResult> {
  const live = await resolveLive(project, request);
  return guardDeployment(project, live.deployment, { ...request, client: live.client, ...(live.outage ? { outage: live.outage } : {}) });
}

/** Guards a target already resolved as deploy sees it. */
export async function guardDeployment(
  project: Project,
  deployment: Deployment,
  options: GuardOptions & { client?: WorkspaceClient; outage?: ExternalError },
): Promise<RunGuardResult> {
  const { resolved } = deployment;
  const client = options.client ?? (await project.workspace());
  // Lookups the workspace did not answer: the target is not what will be deployed, so nothing was checked.
  const outage = options.outage ?? (deployment.unansweredLookups ? new ExternalError(deployment.unansweredLookups) : undefined);
  const places = targetPlaces(resolved);
  // Read while the settings load and the workspace is listed; the guard awaits it when it classifies.
  const state = outage ?? readDeploymentState(client, { statePath: places.statePath, rootPath: places.rootPath, rootDir: project.root(), target: deployment.target, env: project.env }).catch(asOutage);
  Promise.resolve(state).catch(() => undefined);
  const settings = guardSettings((await project.settings()).raw);
  const result = await guard({
    target: deployment.target,
    production: deployment.kind === 'production',
    resources: guardedResources(resolved),
    places,
    state,
    workspace: guardLookups(client, { bundleName: stringAt(resolved.config, ['bundle', 'name']) ?? '', rootPath: places.rootPath }),
    allow: [...settings.allow, ...(options.allow ?? [])],
    concurrency: options.concurrency ?? settings.concurrency,
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
async function useWorkspaceIdentity(project: Project, client: WorkspaceClient): Promise<ExternalError | undefined> {
  if (project.env.DATAOPS_CURRENT_USER) return undefined;
  try {
    const me = await client.identity.me();
    project.useWorkspaceIdentity({ userName: me.userName, id: me.id }, `the workspace's current user (${project.env.DATABRICKS_HOST ?? 'from the configuration'})`);
    return undefined;
  } catch (error) {
    return asOutage(error);
  }
}

/** A target that does not resolve (a lookup the workspace cannot answer among them) is an input error at its place. */
export function failOnResolveErrors(resolved: ResolvedTarget, rootDir: string): void {
  const error = resolved.diagnostics.find((d) => d.severity === 'error');
  if (!error && resolved.loaded) return;
  const location = error?.locations[0];
  throw new UsageError(`the bundle does not resolve: ${error?.summary ?? `no configuration loaded from ${rootDir}`}`, {
    ...(location ? { location } : {}),
    hint: error?.detail ?? 'run dataops resolve or dataops validate to see every problem',
  });
}

function asOutage(error: unknown): ExternalError {
  if (error instanceof ExternalError) return error;
  throw error;
}
