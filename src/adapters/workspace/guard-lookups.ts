/**
 * The workspace questions `dataops guard` asks, answered with the REST client: which jobs and
 * pipelines carry a name, which dashboard sits at a path, and whether an id still exists.
 */
import { dashboardObject, deploymentMark, jobObject, pipelineObject } from '../../core/guard/objects.js';
import type { GuardWorkspace } from '../../core/guard/run.js';
import type { WorkspaceClient } from './client.js';
import { collect } from './paginate.js';
import { orNull } from './not-found.js';
import { objectLookups } from './object-lookups.js';

export function guardLookups(client: WorkspaceClient): GuardWorkspace {
  const host = client.host;
  const byId = objectLookups(client);
  return {
    host,
    jobsNamed: async (name) => (await collect(client.jobs.list({ name }))).map((job) => jobObject(host, job)),
    // LIKE without wildcards of its own: `_` and `%` in a name only widen the match, which the guard narrows again.
    pipelinesNamed: async (name) =>
      (await collect(client.pipelines.list({ filter: `name LIKE '${name.replace(/'/g, "''")}'` }))).map((listed) => pipelineObject(host, listed)),
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
      const dashboard = await byId.dashboard(id);
      return dashboard !== null && dashboard.lifecycle_state !== 'TRASHED';
    },
  };
}
