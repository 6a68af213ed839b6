import { randomUUID } from 'node:crypto';
import { caller, jsonBody, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredResource } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { collection, field, mustFind } from './resource-store.js';

const BASE = '/api/2.0/bundle/deployments';

/**
 * The server-side deployment metadata service (`bundle-deployments`, Beta, written by
 * Databricks CLI 1.23+): deployments, their versions, and per version the operations that
 * move the deployment's record of each resource. Shapes as the SDK's bundledeployments model.
 */
export const bundleDeploymentsApi: ApiModule = (router, context) => {
  const deployments = (): Record<string, StoredResource> => collection(context, 'bundle_deployments');
  const find = (request: ApiRequest): StoredResource => mustFind(deployments(), `deployments/${request.params.id ?? ''}`, 'Deployment');
  const nested = (kind: string, request: ApiRequest): Record<string, StoredResource> => collection(context, `bundle_${kind}/${field(find(request), 'name')}`);
  const now = (): string => new Date(context.now()).toISOString();
  const listed = (request: ApiRequest, items: StoredResource[], key: string, max: number): StoredResource => {
    const page = paginate(items, { limit: request.query.get('page_size'), pageToken: request.query.get('page_token'), defaultLimit: Math.min(max, 50), maxLimit: max });
    return { [key]: page.items, ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  };

  router.on('POST', BASE, (request) => {
    const who = caller(request);
    const body = jsonBody<StoredResource>(request);
    const { initial_parent_path: parent, ...rest } = body;
    const name = `deployments/${request.query.get('deployment_id') || randomUUID()}`;
    const deployment: StoredResource = {
      ...rest,
      name,
      status: 'DEPLOYMENT_STATUS_ACTIVE',
      create_time: now(),
      created_by: who.userName,
      ...(typeof parent === 'string' ? { workspace_info: { root_path: parent } } : {}),
    };
    deployments()[name] = deployment;
    return deployment;
  });
  router.on('GET', BASE, (request) => {
    caller(request);
    return listed(request, Object.values(deployments()), 'deployments', 100);
  });
  router.on('GET', `${BASE}/{id}`, (request) => {
    caller(request);
    return find(request);
  });
  router.on('DELETE', `${BASE}/{id}`, (request) => {
    const who = caller(request);
    Object.assign(find(request), { status: 'DEPLOYMENT_STATUS_DELETED', destroy_time: now(), destroyed_by: who.userName });
    return {};
  });

  router.on('POST', `${BASE}/{id}/versions`, (request) => {
    const who = caller(request);
    const deployment = find(request);
    const id = request.query.get('version_id') || String(Object.keys(nested('versions', request)).length + 1);
    const version: StoredResource = { ...jsonBody<StoredResource>(request), name: `${field(deployment, 'name')}/versions/${id}`, version_id: id, status: 'VERSION_STATUS_IN_PROGRESS', create_time: now(), created_by: who.userName };
    nested('versions', request)[id] = version;
    // The deployment shows what its latest version says.
    for (const denormalised of ['target_name', 'display_name', 'workspace_info', 'git_info', 'deployment_mode']) {
      if (version[denormalised] !== undefined) deployment[denormalised] = version[denormalised];
    }
    Object.assign(deployment, { last_version_id: id, update_time: now(), updated_by: who.userName });
    return version;
  });
  router.on('GET', `${BASE}/{id}/versions`, (request) => {
    caller(request);
    return listed(request, Object.values(nested('versions', request)), 'versions', 100);
  });
  router.on('GET', `${BASE}/{id}/versions/{version}`, (request) => {
    caller(request);
    return mustFind(nested('versions', request), request.params.version, 'Version');
  });
  router.on('POST', `${BASE}/{id}/versions/{version}/complete`, (request) => {
    const who = caller(request);
    const version = mustFind(nested('versions', request), request.params.version, 'Version');
    const body = jsonBody<StoredResource>(request);
    const failed = field(body, 'completion_reason').includes('FAIL');
    Object.assign(version, { status: failed ? 'VERSION_STATUS_FAILED' : 'VERSION_STATUS_COMPLETED', complete_time: now(), completed_by: who.userName, ...body });
    if (!failed) find(request).last_successful_version_id = version.version_id;
    return version;
  });

  router.on('POST', `${BASE}/{id}/versions/{version}/operations`, (request) => {
    caller(request);
    const version = mustFind(nested('versions', request), request.params.version, 'Version');
    const key = request.query.get('resource_key') ?? '';
    const body = jsonBody<StoredResource>(request);
    const operation: StoredResource = { ...body, name: `${field(version, 'name')}/operations/${key}`, resource_key: key, create_time: now(), status: body.status ?? 'OPERATION_STATUS_SUCCEEDED' };
    collection(context, `bundle_operations/${field(version, 'name')}`)[key] = operation;
    recordResource(context, find(request), field(version, 'version_id'), operation);
    return operation;
  });
  router.on('GET', `${BASE}/{id}/versions/{version}/operations`, (request) => {
    caller(request);
    const version = mustFind(nested('versions', request), request.params.version, 'Version');
    return listed(request, Object.values(collection(context, `bundle_operations/${field(version, 'name')}`)), 'operations', 1000);
  });

  router.on('GET', `${BASE}/{id}/resources`, (request) => {
    caller(request);
    return listed(request, Object.values(nested('resources', request)), 'resources', 1000);
  });
  router.on('GET', `${BASE}/{id}/resources/{key}`, (request) => {
    caller(request);
    return mustFind(nested('resources', request), request.params.key, 'Resource');
  });
};

/** An operation moves the deployment's record of its resource (a deletion removes it). */
function recordResource(context: LocalContext, deployment: StoredResource, versionId: string, operation: StoredResource): void {
  const resources = collection(context, `bundle_resources/${field(deployment, 'name')}`);
  const key = field(operation, 'resource_key');
  if (field(operation, 'action_type') === 'OPERATION_ACTION_TYPE_DELETE') {
    delete resources[key];
    return;
  }
  resources[key] = {
    name: `${field(deployment, 'name')}/resources/${key}`,
    resource_key: key,
    resource_id: operation.resource_id,
    resource_type: operation.resource_type ?? 'DEPLOYMENT_RESOURCE_TYPE_UNSPECIFIED',
    last_action_type: operation.action_type,
    last_version_id: versionId,
    update_time: operation.create_time,
    ...(operation.state === undefined ? {} : { state: operation.state }),
  };
}
