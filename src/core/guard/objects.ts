/** Workspace API objects as the guard sees them, with the URL a person opens. */
import type { BundleDeployment, Dashboard, Job, PipelineStateInfo } from '../workspace-api.js';
import type { DeploymentMark, WorkspaceObject } from './model.js';

/** The `deployment` block of a job or pipeline, as the guard keeps it. */
export function deploymentMark(deployment: BundleDeployment | undefined): DeploymentMark | undefined {
  if (!deployment) return undefined;
  return { kind: deployment.kind, ...(deployment.metadata_file_path ? { metadataFilePath: deployment.metadata_file_path } : {}) };
}

export function jobObject(host: string, job: Job): WorkspaceObject {
  const deployment = deploymentMark(job.settings.deployment);
  return {
    type: 'jobs',
    id: String(job.job_id),
    name: job.settings.name ?? '',
    ...(job.creator_user_name ? { creator: job.creator_user_name } : {}),
    createdAt: job.created_time,
    url: `${host}/jobs/${job.job_id}`,
    ...(deployment ? { deployment } : {}),
  };
}

/** A listed pipeline; the listing leaves its deployment block out (see deploymentMark). */
export function pipelineObject(host: string, listed: PipelineStateInfo): WorkspaceObject {
  return {
    type: 'pipelines',
    id: listed.pipeline_id,
    name: listed.name,
    ...(listed.creator_user_name ? { creator: listed.creator_user_name } : {}),
    url: `${host}/pipelines/${listed.pipeline_id}`,
  };
}

export function dashboardObject(host: string, dashboard: Dashboard): WorkspaceObject {
  const created = Date.parse(dashboard.create_time);
  return {
    type: 'dashboards',
    id: dashboard.dashboard_id,
    name: dashboard.display_name,
    ...(Number.isNaN(created) ? {} : { createdAt: created }),
    url: `${host}/dashboardsv3/${dashboard.dashboard_id}`,
    parentPath: dashboard.parent_path,
  };
}
