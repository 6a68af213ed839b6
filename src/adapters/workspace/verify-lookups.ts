import type { VerifyWorkspace } from '../../core/verify/verify.js';
import type { WorkspaceClient } from './client.js';
import { orNull } from './not-found.js';
import { objectLookups } from './object-lookups.js';

/** What `dataops verify` reads and starts in a workspace; lookups answer null for what does not exist. */
export function verifyLookups(client: WorkspaceClient): VerifyWorkspace {
  return {
    ...objectLookups(client),
    published: (id) => orNull(client.dashboards.getPublished(id)),
    warehouse: (id) => orNull(client.warehouses.get(id)),
    runNow: (jobId) => client.jobs.runNow({ job_id: jobId }),
    getRun: (runId) => client.jobs.getRun(runId),
    cancelRun: (runId) => client.jobs.cancelRun(runId),
  };
}
