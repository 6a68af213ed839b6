import { randomUUID } from 'node:crypto';
import { caller, invalidParameter, jsonBody, requireString, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { alreadyExists, collection, mustFind } from './resource-store.js';

const BASE = '/api/2.0/database/instances';
const NAME = /^[a-z0-9-]{1,63}$/;

/** Lakebase database instances: a name unique in the workspace (409), available as soon as created. */
export const databaseInstancesApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'database_instances');
  const find = (request: ApiRequest): StoredResource => mustFind(items(), request.params.name, 'Database instance');

  router.on('POST', BASE, (request) => {
    const who = caller(request);
    const body = jsonBody<StoredResource>(request);
    const input = (body.database_instance as StoredResource | undefined) ?? body;
    const name = requireString(input.name, 'name');
    if (!NAME.test(name)) throw invalidParameter(`Database instance name '${name}' must be lower-case letters, digits and dashes.`);
    if (items()[name]) throw alreadyExists(`Database instance with name ${name} already exists`);
    const instance: StoredResource = {
      capacity: 'CU_1',
      ...input,
      uid: randomUUID(),
      creator: who.userName,
      creation_time: new Date(context.now()).toISOString(),
      state: 'AVAILABLE',
      pg_version: input.pg_version ?? 'PG_VERSION_16',
      read_write_dns: `instance-${name}.database.local`,
    };
    items()[name] = instance;
    return instance;
  });
  router.on('GET', BASE, (request) => {
    caller(request);
    const page = paginate(Object.values(items()), { limit: request.query.get('page_size'), pageToken: request.query.get('page_token'), defaultLimit: 50, maxLimit: 100 });
    return { database_instances: page.items, ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });
  router.on('GET', `${BASE}/{name}`, (request) => {
    caller(request);
    return find(request);
  });
  router.on('PATCH', `${BASE}/{name}`, (request) => {
    caller(request);
    const instance = find(request);
    const body = jsonBody<StoredResource>(request);
    Object.assign(instance, (body.database_instance as StoredResource | undefined) ?? body, { name: instance.name });
    return instance;
  });
  router.on('DELETE', `${BASE}/{name}`, (request) => {
    caller(request);
    find(request);
    delete items()[request.params.name ?? ''];
    return {};
  });
};
