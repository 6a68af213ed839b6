import { randomBytes } from 'node:crypto';
import { caller, jsonBody, notFound, requireString, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { collection, field } from './resource-store.js';

/** All-purpose clusters: names may repeat; a created or started cluster runs at once, a deleted one is terminated. */
export const clustersApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'clusters');
  const find = (id: unknown): StoredResource => {
    const cluster = items()[typeof id === 'string' ? id : ''];
    if (!cluster) throw notFound(`Cluster ${String(id)} does not exist`);
    return cluster;
  };
  const idOf = (request: ApiRequest): unknown => jsonBody<StoredResource>(request).cluster_id;

  for (const version of ['2.0', '2.1']) {
    const base = `/api/${version}/clusters`;
    router.on('POST', `${base}/create`, (request) => {
      const who = caller(request);
      const body = jsonBody<StoredResource>(request);
      requireString(body.spark_version, 'spark_version');
      const id = `${new Date(context.now()).toISOString().slice(5, 10).replace('-', '')}-${randomBytes(6).toString('hex')}`;
      items()[id] = { ...body, cluster_id: id, creator_user_name: who.userName, start_time: context.now(), state: 'RUNNING', cluster_source: 'API', spec: body };
      return { cluster_id: id };
    });
    router.on('POST', `${base}/edit`, (request) => {
      caller(request);
      const body = jsonBody<StoredResource>(request);
      const cluster = find(body.cluster_id);
      Object.assign(cluster, body, { spec: body });
      return {};
    });
    router.on('POST', `${base}/resize`, (request) => {
      caller(request);
      const body = jsonBody<StoredResource>(request);
      Object.assign(find(body.cluster_id), body.autoscale ? { autoscale: body.autoscale } : { num_workers: body.num_workers });
      return {};
    });
    router.on('POST', `${base}/start`, (request) => {
      caller(request);
      find(idOf(request)).state = 'RUNNING';
      return {};
    });
    router.on('POST', `${base}/delete`, (request) => {
      caller(request);
      find(idOf(request)).state = 'TERMINATED';
      return {};
    });
    router.on('POST', `${base}/permanent-delete`, (request) => {
      caller(request);
      delete items()[field(find(idOf(request)), 'cluster_id')];
      return {};
    });
    router.on('GET', `${base}/get`, (request) => {
      caller(request);
      return find(request.query.get('cluster_id'));
    });
    router.on('GET', `${base}/list`, (request) => {
      caller(request);
      const page = paginate(Object.values(items()), { limit: request.query.get('page_size'), pageToken: request.query.get('page_token'), defaultLimit: 100, maxLimit: 100 });
      return { clusters: page.items, ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}), ...(page.prevPageToken ? { prev_page_token: page.prevPageToken } : {}) };
    });
  }
};
