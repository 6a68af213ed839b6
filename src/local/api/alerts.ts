import { randomUUID } from 'node:crypto';
import { caller, jsonBody, requireString, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { collection, mustFind } from './resource-store.js';

const BASE = '/api/2.0/alerts';

/** SQL alerts (v2): display names may repeat; a deleted alert goes to the trash. */
export const alertsApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'alerts');
  const find = (request: ApiRequest): StoredResource => mustFind(items(), request.params.id, 'Alert');

  router.on('POST', BASE, (request) => {
    const who = caller(request);
    const body = jsonBody<StoredResource>(request);
    const input = (body.alert as StoredResource | undefined) ?? body;
    requireString(input.display_name, 'display_name');
    const now = new Date(context.now()).toISOString();
    const alert: StoredResource = { ...input, id: randomUUID(), lifecycle_state: 'ACTIVE', owner_user_name: who.userName, create_time: now, update_time: now };
    items()[String(alert.id)] = alert;
    return alert;
  });
  router.on('GET', `${BASE}/{id}`, (request) => {
    caller(request);
    return find(request);
  });
  router.on('PATCH', `${BASE}/{id}`, (request) => {
    caller(request);
    const alert = find(request);
    const body = jsonBody<StoredResource>(request);
    Object.assign(alert, (body.alert as StoredResource | undefined) ?? body, { id: alert.id, update_time: new Date(context.now()).toISOString() });
    return alert;
  });
  router.on('DELETE', `${BASE}/{id}`, (request) => {
    caller(request);
    find(request).lifecycle_state = 'TRASHED';
    return {};
  });
  router.on('GET', BASE, (request) => {
    caller(request);
    const live = Object.values(items()).filter((alert) => alert.lifecycle_state !== 'TRASHED');
    const page = paginate(live, { limit: request.query.get('page_size'), pageToken: request.query.get('page_token'), defaultLimit: 100, maxLimit: 1000 });
    return { results: page.items, ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });
};
