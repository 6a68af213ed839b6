import type { VerifyWorkspace } from '../../core/verify/verify.js';
import type { WorkspaceClient } from './client.js';
import { objectLookups } from './object-lookups.js';
import { WorkspaceApiError } from './transport.js';

/** What `dataops verify` reads and starts in a workspace; lookups answer null for what does not exist. */
export function verifyLookups(client: WorkspaceClient): VerifyWorkspace {
  return {
    ...objectLookups(client),
    // The Jobs API answers 400 "Job … does not exist" for a deleted job, not 404.
    job: (id) => orNull(client.jobs.get(Number(id))),
    published: (id) => orNull(client.dashboards.getPublished(id)),
    warehouse: (id) => orNull(client.warehouses.get(id)),
    runNow: (jobId) => client.jobs.runNow({ job_id: jobId }),
    getRun: (runId) => client.jobs.getRun(runId),
    cancelRun: (runId) => client.jobs.cancelRun(runId),
  };
}

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof WorkspaceApiError && (error.isNotFound || (error.status === 400 && /does not exist/i.test(error.serverMessage)))) return null;
    throw error;
  }
}
