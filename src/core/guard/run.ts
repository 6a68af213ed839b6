/**
 * The guard from start to end, over capabilities passed in: ask the workspace which objects
 * carry each resource's final name, classify them against the deployment state, apply the
 * allowlist, and decide the exit code (1 on a conflict, 3 when a production target cannot
 * be checked).
 */
import { ExternalError } from '../errors.js';
import { classifyResource, type ResourceVerdict } from './classify.js';
import { mapBounded } from './concurrency.js';
import { stateKey, type BundleResource, type DeploymentMark, type DeploymentState, type TargetPlaces, type WorkspaceObject } from './model.js';
import { TYPE_SPECS, workspaceNamesCollide, type ResourceType } from './types.js';

/** What the guard asks the workspace; every call may throw an ExternalError (a type the workspace does not serve too). */
export interface GuardWorkspace {
  host: string;
  /**
   * Objects of a `filter` or `get` type that may carry the name (the service narrows, the guard
   * compares again), every page. Pipelines come without their deployment block.
   */
  named(type: ResourceType, name: string): Promise<WorkspaceObject[]>;
  /** Every object of a `listing` type, every page (dashboards: not in the trash). */
  listing(type: ResourceType): Promise<WorkspaceObject[]>;
  /** The deployment block of one pipeline (the listing leaves it out). */
  pipelineDeployment(id: string): Promise<DeploymentMark | undefined>;
  /** The dashboard whose draft is at this workspace path, unless it is in the trash: none or one. */
  dashboardAt(path: string): Promise<WorkspaceObject[]>;
  /** Whether an object with this id exists (dashboards in the trash do not). */
  exists(type: ResourceType, id: string): Promise<boolean>;
  /**
   * Ids that other deployments of this bundle record (their state, or the server-side
   * deployment metadata), each with a description of that deployment. Asked only when an
   * object without a deployment block is in the way.
   */
  recordedElsewhere(): Promise<Readonly<Record<string, string>>>;
}

export interface GuardInput {
  target: string;
  production: boolean;
  resources: readonly BundleResource[];
  places: TargetPlaces;
  /** The state, or the error met reading it; may still be on its way (it is needed only after the listing). */
  state: DeploymentState | ExternalError | Promise<DeploymentState | ExternalError>;
  workspace: GuardWorkspace;
  /** Resource keys (`ingest` or `jobs.ingest`) whose conflicts are accepted. */
  allow: readonly string[];
  /** Workspace calls under way at once. */
  concurrency: number;
}

export interface GuardSummary {
  resources: number;
  new: number;
  owned: number;
  conflicts: number;
  allowed: number;
  unchecked: number;
  warnings: number;
}

export interface GuardReport {
  target: string;
  production: boolean;
  host: string;
  state: { engine: DeploymentState['engine']; source: string; serial: number };
  resources: ResourceVerdict[];
  /** Problems that concern the whole run (state files, an unreachable workspace). */
  warnings: string[];
  summary: GuardSummary;
}

export interface GuardResult {
  report: GuardReport;
  /** 0 safe to deploy, 1 conflicts, 3 a production target could not be checked. */
  exitCode: 0 | 1 | 3;
}

export async function guard(input: GuardInput): Promise<GuardResult> {
  const warnings: string[] = [];
  const failures: ExternalError[] = [];
  const unchecked = (resource: BundleResource, error: ExternalError): ResourceVerdict => {
    failures.push(error);
    return { resource, verdict: 'unchecked', matches: [], summary: `not checked: ${error.message}`, warnings: [] };
  };

  // Listing needs no state: both go at once. A listing, page after page, is a long chain of
  // calls, so each listed type starts first (one call at a time per type, beside the pool).
  const pending = Promise.resolve(input.state);
  const listings = new Map<ResourceType, Promise<WorkspaceObject[]>>();
  if (!(input.state instanceof ExternalError)) {
    for (const type of new Set(input.resources.map((r) => r.type))) {
      if (TYPE_SPECS[type].lookup !== 'listing') continue;
      const listing = input.workspace.listing(type);
      listing.catch(() => undefined);
      listings.set(type, listing);
    }
  }
  const elsewhere = once(() => input.workspace.recordedElsewhere());
  const known = input.state;
  let resources = await mapBounded(input.resources, input.concurrency, async (resource) => {
    // A state already known to be unreadable: nothing to ask the workspace.
    if (known instanceof ExternalError) return unchecked(resource, known);
    const reference = /\$\{[^}]+\}/.exec(resource.name)?.[0];
    if (reference !== undefined) return unchecked(resource, new ExternalError(`its name holds ${reference}, which only the deploy knows`));
    try {
      return await check(resource, pending, input, { listings, elsewhere });
    } catch (error) {
      if (error instanceof ExternalError) return unchecked(resource, error);
      throw error;
    }
  });
  const read = await pending;
  const state = read instanceof ExternalError ? undefined : read;
  if (state) warnings.push(...state.warnings);

  const allowed = new Set(input.allow);
  resources = resources.map((r) => (r.verdict === 'conflict' && isAllowed(r.resource, allowed) ? { ...r, verdict: 'allowed' } : r));
  const firstFailure = failures[0];
  if (firstFailure) {
    warnings.push(
      input.production
        ? `the workspace could not be checked, and ${input.target} is a production target: refusing (${firstFailure.message})`
        : `the workspace could not be checked; going on without the guard (${firstFailure.message})`,
    );
  }
  const report: GuardReport = {
    target: input.target,
    production: input.production,
    host: input.workspace.host,
    state: state ? { engine: state.engine, source: state.source, serial: state.serial } : { engine: null, source: 'not read', serial: 0 },
    resources,
    warnings,
    summary: summarise(resources, warnings),
  };
  const exitCode = firstFailure && input.production ? 3 : report.summary.conflicts > 0 ? 1 : 0;
  return { report, exitCode };
}

interface Shared {
  listings: ReadonlyMap<ResourceType, Promise<WorkspaceObject[]>>;
  elsewhere: () => Promise<Readonly<Record<string, string>>>;
}

async function check(resource: BundleResource, pending: Promise<DeploymentState | ExternalError>, input: GuardInput, shared: Shared): Promise<ResourceVerdict> {
  const { workspace } = input;
  const listed = await namedLike(resource, workspace, shared.listings);
  const state = await pending;
  if (state instanceof ExternalError) throw state;
  const stateId = state.entries[stateKey(resource.type, resource.key)]?.id;
  let matches = listed;
  if (resource.type === 'pipelines') {
    // Only objects that are not this deployment's need their deployment block read.
    matches = await Promise.all(
      listed.map(async (p) => {
        if (p.id === stateId) return p;
        const deployment = await workspace.pipelineDeployment(p.id);
        return deployment ? { ...p, deployment } : p;
      }),
    );
  }
  const stateIdExists = stateId !== undefined && !matches.some((m) => m.id === stateId) ? await workspace.exists(resource.type, stateId) : undefined;
  const metadataId = state.metadataIds[stateKey(resource.type, resource.key)];
  // Objects that carry no mark of their own may still be another deployment's of this bundle.
  const unexplained = matches.some((m) => m.id !== stateId && m.id !== metadataId && m.deployment === undefined && m.parentPath === undefined);
  const recordedElsewhere = unexplained ? await shared.elsewhere() : undefined;
  return classifyResource({
    resource,
    matches,
    state,
    places: input.places,
    target: input.target,
    ...(stateIdExists === undefined ? {} : { stateIdExists }),
    ...(recordedElsewhere === undefined ? {} : { recordedElsewhere }),
  });
}

/**
 * The objects of the resource's type carrying its final name, compared as the service compares
 * them. A dashboard is a file in the workspace tree: two with one name in two folders are not
 * duplicates, and the deploy collides only with the one at the path it writes to.
 */
async function namedLike(resource: BundleResource, workspace: GuardWorkspace, listings: Shared['listings']): Promise<WorkspaceObject[]> {
  const listing = listings.get(resource.type);
  const candidates =
    resource.type === 'dashboards' && resource.path !== undefined
      ? await workspace.dashboardAt(resource.path)
      : listing
        ? await listing
        : await workspace.named(resource.type, resource.name);
  return candidates.filter((object) => workspaceNamesCollide(resource.type, object.name, resource.name));
}

/** A call made at most once, when first needed. */
function once<T>(call: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= call());
}

/** `ingest`, `jobs.ingest` and `resources.jobs.ingest` all name the job `ingest`. */
function isAllowed(resource: BundleResource, allowed: ReadonlySet<string>): boolean {
  return allowed.has(resource.key) || allowed.has(`${resource.type}.${resource.key}`) || allowed.has(stateKey(resource.type, resource.key));
}

function summarise(resources: readonly ResourceVerdict[], warnings: readonly string[]): GuardSummary {
  const count = (verdict: ResourceVerdict['verdict']): number => resources.filter((r) => r.verdict === verdict).length;
  return {
    resources: resources.length,
    new: count('new'),
    owned: count('owned'),
    conflicts: count('conflict'),
    allowed: count('allowed'),
    unchecked: count('unchecked'),
    warnings: warnings.length + resources.reduce((n, r) => n + r.warnings.length, 0),
  };
}
