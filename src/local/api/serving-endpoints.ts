import { randomUUID } from 'node:crypto';
import { caller, invalidParameter, jsonBody, requireString, type ApiRequest } from '../http.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { alreadyExists, collection, mustFind } from './resource-store.js';

const BASE = '/api/2.0/serving-endpoints';
const NAME = /^[A-Za-z0-9_-]{1,63}$/;

/** Model serving endpoints: a name unique in the workspace (409 RESOURCE_ALREADY_EXISTS), ready as soon as created. */
export const servingEndpointsApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'serving_endpoints');
  const find = (request: ApiRequest): StoredResource => mustFind(items(), request.params.name, 'Serving endpoint');

  router.on('POST', BASE, (request) => {
    const who = caller(request);
    const body = jsonBody<StoredResource>(request);
    const name = requireString(body.name, 'name');
    if (!NAME.test(name)) throw invalidParameter(`Endpoint name '${name}' may hold only letters, digits, dashes and underscores (at most 63).`);
    if (items()[name]) throw alreadyExists(`Serving endpoint with name ${name} already exists`);
    const now = context.now();
    const endpoint: StoredResource = {
      ...body,
      id: randomUUID().replaceAll('-', ''),
      creator: who.userName,
      creation_timestamp: now,
      last_updated_timestamp: now,
      permission_level: 'CAN_MANAGE',
      route_optimized: body.route_optimized ?? false,
      state: { ready: 'READY', config_update: 'NOT_UPDATING' },
    };
    items()[name] = endpoint;
    return endpoint;
  });
  router.on('GET', BASE, (request) => {
    caller(request);
    return { endpoints: Object.values(items()) };
  });
  router.on('GET', `${BASE}/{name}`, (request) => {
    caller(request);
    return find(request);
  });
  router.on('DELETE', `${BASE}/{name}`, (request) => {
    caller(request);
    find(request);
    delete items()[request.params.name ?? ''];
    return {};
  });
  // The parts of an endpoint that have calls of their own: each replaces that part.
  for (const [method, part, fieldName] of [
    ['PUT', 'config', 'config'],
    ['PUT', 'ai-gateway', 'ai_gateway'],
    ['PATCH', 'notifications', 'email_notifications'],
    ['PATCH', 'telemetry-config', 'telemetry_config'],
  ] as const) {
    router.on(method, `${BASE}/{name}/${part}`, (request) => {
      caller(request);
      const endpoint = find(request);
      const body = jsonBody<StoredResource>(request);
      endpoint[fieldName] = fieldName === 'config' ? body : (body[fieldName] ?? body);
      endpoint.last_updated_timestamp = context.now();
      return fieldName === 'config' ? endpoint : (endpoint[fieldName] ?? {});
    });
  }
  router.on('PATCH', `${BASE}/{name}/tags`, (request) => {
    caller(request);
    const endpoint = find(request);
    const body = jsonBody<{ add_tags?: Array<{ key: string; value?: string }>; delete_tags?: string[] }>(request);
    const tags = (Array.isArray(endpoint.tags) ? (endpoint.tags as Array<{ key: string; value?: string }>) : []).filter(
      (tag) => !(body.delete_tags ?? []).includes(tag.key) && !(body.add_tags ?? []).some((added) => added.key === tag.key),
    );
    endpoint.tags = [...tags, ...(body.add_tags ?? [])];
    return { tags: endpoint.tags };
  });
};
