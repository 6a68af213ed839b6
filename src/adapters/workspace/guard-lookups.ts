/**
 * The workspace questions `dataops guard` asks, answered with the REST client: which objects
 * of each type carry a name, which dashboard sits at a path, whether an id still exists, and
 * which ids other deployments of the bundle record.
 */
import { ExternalError } from '../../core/errors.js';
import { dashboardObject, deploymentMark, jobObject, pipelineObject } from '../../core/guard/objects.js';
import type { WorkspaceObject } from '../../core/guard/model.js';
import type { GuardWorkspace } from '../../core/guard/run.js';
import type { ResourceType } from '../../core/guard/types.js';
import type { WorkspaceClient } from './client.js';
import { collect } from './paginate.js';
import { orNull } from './not-found.js';
import { objectLookups } from './object-lookups.js';
import { recordedByOtherDeployments } from './other-deployments.js';
import { objectFrom, TYPE_LOOKUPS, type TypeLookup } from './type-lookups.js';
import { WorkspaceApiError } from './transport.js';

export interface GuardLookupOptions {
  /** `bundle.name`: other deployments of this bundle are looked for under it. */
  bundleName: string;
  /** `workspace.root_path` of the target guarded, which is not an "other" deployment. */
  rootPath: string;
}

export function guardLookups(client: WorkspaceClient, options: GuardLookupOptions): GuardWorkspace {
  const host = client.host;
  const byId = objectLookups(client);
  return {
    host,
    named: async (type, name) => {
      if (type === 'jobs') return (await collect(client.jobs.list({ name }))).map((job) => jobObject(host, job));
      // LIKE without wildcards of its own: `_` and `%` in a name only widen the match, which the guard narrows again.
      if (type === 'pipelines') {
        return (await collect(client.pipelines.list({ filter: `name LIKE '${name.replace(/'/g, "''")}'` }))).map((listed) => pipelineObject(host, listed));
      }
      const lookup = lookupOf(type);
      if (lookup.kind !== 'get') return listing(client, type, lookup);
      const call = lookup.byName(name);
      const found = await absentAsNull(type, client.resources.get(call.path, call.query));
      const object = found && objectFrom(type, lookup, host, found);
      return object ? [object] : [];
    },
    listing: (type) => listing(client, type, lookupOf(type)),
    pipelineDeployment: async (id) => deploymentMark((await client.pipelines.get(id)).spec.deployment),
    dashboardAt: async (path) => {
      const info = await orNull(client.workspace.getStatus(path));
      if (info?.object_type !== 'DASHBOARD' || !info.resource_id) return [];
      const dashboard = await orNull(client.dashboards.get(info.resource_id));
      return dashboard === null || dashboard.lifecycle_state === 'TRASHED' ? [] : [dashboardObject(host, dashboard)];
    },
    exists: async (type, id) => {
      if (type === 'jobs') return (await byId.job(id)) !== null;
      if (type === 'pipelines') return (await byId.pipeline(id)) !== null;
      if (type === 'dashboards') {
        const dashboard = await byId.dashboard(id);
        return dashboard !== null && dashboard.lifecycle_state !== 'TRASHED';
      }
      const lookup = lookupOf(type);
      if (type === 'secret_scopes') return (await listing(client, type, lookup)).some((scope) => scope.id === id);
      const call = lookup.kind === 'listing' ? lookup.byId(id) : (lookup.byId?.(id) ?? lookup.byName(id));
      const found = await absentAsNull(type, client.resources.get(call.path, call.query));
      return found !== null && objectFrom(type, lookup, host, found) !== undefined;
    },
    recordedElsewhere: () => recordedByOtherDeployments(client, options),
  };
}

async function listing(client: WorkspaceClient, type: ResourceType, lookup: TypeLookup): Promise<WorkspaceObject[]> {
  if (lookup.kind !== 'listing') throw new ExternalError(`dataops has no listing for ${type}`);
  const all = await unserved(type, collect(client.resources.list(lookup.list)));
  return all.flatMap((item) => objectFrom(type, lookup, client.host, item) ?? []);
}

function lookupOf(type: ResourceType): TypeLookup {
  const lookup = TYPE_LOOKUPS[type];
  if (!lookup) throw new ExternalError(`dataops cannot look up ${type} in a workspace`);
  return lookup;
}

/** A workspace without the type's API cannot be checked for it: an outage of the check, never "no such object". */
async function unserved<T>(type: ResourceType, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof WorkspaceApiError && error.isUnserved) throw new ExternalError(`the workspace does not serve the API of ${type} (${error.message}), so ${type} cannot be checked`);
    throw error;
  }
}

/** The answer, or null when no object has the name (404 of the object, not of the endpoint). */
async function absentAsNull<T>(type: ResourceType, call: Promise<T>): Promise<T | null> {
  try {
    return await unserved(type, call);
  } catch (error) {
    if (error instanceof WorkspaceApiError && (error.status === 404 || /DOES_NOT_EXIST|NOT_FOUND/.test(error.errorCode))) return null;
    throw error;
  }
}
