import { randomUUID } from 'node:crypto';
import { caller, invalidParameter, jsonBody, requireString, type ApiRequest } from '../http.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { alreadyExists, collection, mustFind } from './resource-store.js';

const BASE = '/api/2.0/apps';
const NAME = /^[a-z0-9-]{2,30}$/;

/**
 * Databricks Apps: a lower-case name unique in the workspace (409 RESOURCE_ALREADY_EXISTS),
 * compute active at once unless created with `no_compute`, deployments that succeed.
 */
export const appsApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'apps');
  const find = (request: ApiRequest): StoredResource => mustFind(items(), request.params.name, 'App');
  const running = (app: StoredResource, on: boolean): void => {
    app.compute_status = on ? { state: 'ACTIVE', message: 'App compute is active.' } : { state: 'STOPPED', message: 'App compute is stopped.' };
    app.app_status = on ? { state: 'RUNNING', message: 'Application is running.' } : { state: 'UNAVAILABLE', message: 'App status is unavailable.' };
  };

  router.on('POST', BASE, (request) => {
    const who = caller(request);
    const body = jsonBody<StoredResource>(request);
    const name = requireString(body.name, 'name');
    if (!NAME.test(name)) throw invalidParameter(`App name '${name}' must be 2 to 30 lower-case letters, digits and dashes.`);
    if (items()[name]) throw alreadyExists(`An app with the same name already exists: ${name}`);
    const now = new Date(context.now()).toISOString();
    const app: StoredResource = {
      ...body,
      id: randomUUID(),
      url: `${context.baseUrl()}/apps/${name}`,
      creator: who.userName,
      create_time: now,
      update_time: now,
      compute_size: body.compute_size ?? 'MEDIUM',
      service_principal_client_id: randomUUID(),
      service_principal_name: `app-${name}`,
      default_source_code_path: `/Workspace/Users/${who.userName}/${name}`,
    };
    running(app, request.query.get('no_compute') !== 'true');
    items()[name] = app;
    return app;
  });
  router.on('GET', BASE, (request) => {
    caller(request);
    return { apps: Object.values(items()) };
  });
  router.on('GET', `${BASE}/{name}`, (request) => {
    caller(request);
    return find(request);
  });
  router.on('PATCH', `${BASE}/{name}`, (request) => {
    caller(request);
    const app = find(request);
    Object.assign(app, jsonBody<StoredResource>(request), { name: app.name, update_time: new Date(context.now()).toISOString() });
    return app;
  });
  router.on('DELETE', `${BASE}/{name}`, (request) => {
    caller(request);
    const app = find(request);
    delete items()[request.params.name ?? ''];
    return app;
  });
  router.on('POST', `${BASE}/{name}/start`, (request) => {
    caller(request);
    const app = find(request);
    running(app, true);
    return app;
  });
  router.on('POST', `${BASE}/{name}/stop`, (request) => {
    caller(request);
    const app = find(request);
    running(app, false);
    return app;
  });
  // An update of the app's settings (`POST …/update`), finished at once.
  const update = (app: StoredResource): StoredResource => ({ status: { state: 'SUCCEEDED', message: 'Update succeeded' }, update_mask: '*', app });
  router.on('POST', `${BASE}/{name}/update`, (request) => {
    caller(request);
    const app = find(request);
    const body = jsonBody<{ app?: StoredResource }>(request);
    Object.assign(app, body.app ?? {}, { name: app.name });
    return update(app);
  });
  router.on('GET', `${BASE}/{name}/update`, (request) => {
    caller(request);
    return update(find(request));
  });
  router.on('POST', `${BASE}/{name}/deployments`, (request) => {
    caller(request);
    const app = find(request);
    const deployment: StoredResource = {
      ...jsonBody<StoredResource>(request),
      deployment_id: `deploy-${context.store.nextId()}`,
      status: { state: 'SUCCEEDED', message: 'Deployment succeeded' },
      create_time: new Date(context.now()).toISOString(),
    };
    app.active_deployment = deployment;
    return deployment;
  });
  router.on('GET', `${BASE}/{name}/deployments/{deployment_id}`, (request) => {
    caller(request);
    const deployment = find(request).active_deployment as StoredResource | undefined;
    return mustFind(deployment ? { [String(deployment.deployment_id)]: deployment } : {}, request.params.deployment_id, 'App deployment');
  });
};
