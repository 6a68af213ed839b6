/**
 * The server-side deployment metadata (Databricks CLI 1.23+, Beta): a deployment per bundle
 * target and root path (`deployments/{id}`, with `workspace_info.root_path`), and the
 * resources it records (`resource_key` `jobs.ingest`, `resource_id`). Field names follow the
 * SDK's `bundledeployments` model.
 */
import type { JsonObject, JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

export interface RecordedDeployment {
  /** `deployments/{id}` */
  name: string;
  displayName: string;
  target: string;
  /** `workspace.root_path` of the deployment, without a leading `/Workspace`. */
  rootPath: string;
  /** DEPLOYMENT_STATUS_ACTIVE, …_DELETED, …_FAILED, …_IN_PROGRESS */
  status: string;
  /** By state key (`resources.jobs.ingest`): the id the service records. */
  ids: Record<string, string>;
}

export function deploymentRecords(deployments: readonly JsonObject[], resources: ReadonlyArray<readonly JsonValue[]>): RecordedDeployment[] {
  return deployments.map((deployment, index) => {
    const info = isObject(deployment.workspace_info) ? deployment.workspace_info : {};
    const ids: Record<string, string> = {};
    for (const resource of resources[index] ?? []) {
      if (!isObject(resource) || typeof resource.resource_id !== 'string' || resource.resource_id === '') continue;
      const key = resourceKey(resource);
      if (key !== undefined) ids[key] = resource.resource_id;
    }
    return {
      name: text(deployment.name),
      displayName: text(deployment.display_name),
      target: text(deployment.target_name),
      rootPath: withoutWorkspacePrefix(text(info.root_path)),
      status: text(deployment.status),
      ids,
    };
  });
}

/** The deployment of this target: the live one at its root path. */
export function deploymentAt(records: readonly RecordedDeployment[], rootPath: string): RecordedDeployment | undefined {
  const wanted = withoutWorkspacePrefix(rootPath);
  return records.find((r) => r.rootPath === wanted && r.status !== 'DEPLOYMENT_STATUS_DELETED');
}

/** `jobs.ingest` (or `resources.jobs.ingest`; the name's last segment when the key is missing) → `resources.jobs.ingest`. */
function resourceKey(resource: JsonObject): string | undefined {
  const key = typeof resource.resource_key === 'string' ? resource.resource_key : undefined;
  if (key === undefined) return undefined;
  const full = key.startsWith('resources.') ? key : `resources.${key}`;
  return full.split('.').length === 3 ? full : undefined;
}

export function withoutWorkspacePrefix(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/Workspace/') ? trimmed.slice('/Workspace'.length) : trimmed;
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
