/** Jobs, pipelines, dashboards and their permissions by id, null when they do not exist. */
import type { DriftWorkspace } from '../../core/drift/run.js';
import type { WorkspaceClient } from './client.js';
import { orNull } from './not-found.js';

export function objectLookups(client: WorkspaceClient): DriftWorkspace {
  return {
    host: client.host,
    job: (id) => orNull(client.jobs.get(Number(id))),
    pipeline: (id) => orNull(client.pipelines.get(id)),
    dashboard: (id) => orNull(client.dashboards.get(id)),
    permissions: (objectId) => {
      const [, type = '', id = ''] = /^\/?(.+)\/([^/]+)$/.exec(objectId) ?? [];
      return orNull(client.permissions.get(type, id));
    },
  };
}
