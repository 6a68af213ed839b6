import { randomUUID } from 'node:crypto';
import { caller, jsonBody, requireString, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredResource } from '../state.js';
import type { ApiModule } from './context.js';
import { alreadyExists, collection, field, mustFind } from './resource-store.js';

const BASE = '/api/2.1/unity-catalog';
const METASTORE_ID = '00000000-0000-4000-8000-000000000001';

interface Securable {
  /** URL segment and store collection. */
  collection: 'schemas' | 'volumes' | 'models';
  what: string;
  /** The fields that form the full name, parent first. */
  parts: readonly string[];
  /** What Unity Catalog answers for a second object under the same name. */
  exists: { code: string; message: (fullName: string) => string };
  id: string;
  defaults?: (body: StoredResource) => StoredResource;
}

/**
 * Schemas, volumes and registered models as Unity Catalog keeps them: names folded to lower
 * case, unique under their parent (a second create answers 409), read and changed by full name.
 */
const SECURABLES: readonly Securable[] = [
  {
    collection: 'schemas',
    what: 'Schema',
    parts: ['catalog_name', 'name'],
    exists: { code: 'SCHEMA_ALREADY_EXISTS', message: (name) => `Schema '${name}' already exists` },
    id: 'schema_id',
    defaults: () => ({ catalog_type: 'MANAGED_CATALOG', enable_predictive_optimization: 'INHERIT' }),
  },
  {
    collection: 'volumes',
    what: 'Volume',
    parts: ['catalog_name', 'schema_name', 'name'],
    exists: { code: 'RESOURCE_ALREADY_EXISTS', message: (name) => `Volume '${name}' already exists` },
    id: 'volume_id',
    defaults: (body) => ({ volume_type: field(body, 'volume_type') || 'MANAGED', storage_location: `s3://local-metastore/volumes/${randomUUID()}` }),
  },
  {
    collection: 'models',
    what: 'Registered model',
    parts: ['catalog_name', 'schema_name', 'name'],
    exists: { code: 'RESOURCE_ALREADY_EXISTS', message: (name) => `Registered model '${name}' already exists` },
    id: 'id',
  },
];

export const unityCatalogApi: ApiModule = (router, context) => {
  for (const securable of SECURABLES) {
    const path = `${BASE}/${securable.collection}`;
    const items = (): Record<string, StoredResource> => collection(context, `uc_${securable.collection}`);
    const find = (request: ApiRequest): StoredResource => mustFind(items(), (request.params.full_name ?? '').toLowerCase(), securable.what);

    router.on('POST', path, (request) => {
      const who = caller(request);
      const body = jsonBody<StoredResource>(request);
      const parts = securable.parts.map((part) => requireString(body[part], part).toLowerCase());
      const fullName = parts.join('.');
      if (items()[fullName]) throw alreadyExists(securable.exists.message(fullName), securable.exists.code);
      const now = context.now();
      const created: StoredResource = {
        ...body,
        ...Object.fromEntries(securable.parts.map((part, index) => [part, parts[index]])),
        ...securable.defaults?.(body),
        full_name: fullName,
        [securable.id]: randomUUID(),
        metastore_id: METASTORE_ID,
        owner: who.userName,
        created_by: who.userName,
        updated_by: who.userName,
        created_at: now,
        updated_at: now,
      };
      items()[fullName] = created;
      return created;
    });
    router.on('GET', `${path}/{full_name}`, (request) => {
      caller(request);
      return find(request);
    });
    router.on('PATCH', `${path}/{full_name}`, (request) => {
      const who = caller(request);
      const existing = find(request);
      const { new_name: newName, full_name: _ignored, ...changes } = jsonBody<StoredResource>(request);
      const updated: StoredResource = { ...existing, ...changes, updated_by: who.userName, updated_at: context.now() };
      if (typeof newName === 'string' && newName !== '') {
        const renamed = [...securable.parts.slice(0, -1).map((part) => field(existing, part)), newName.toLowerCase()].join('.');
        if (items()[renamed]) throw alreadyExists(securable.exists.message(renamed), securable.exists.code);
        delete items()[field(existing, 'full_name')];
        Object.assign(updated, { name: newName.toLowerCase(), full_name: renamed });
      }
      items()[field(updated, 'full_name')] = updated;
      return updated;
    });
    router.on('DELETE', `${path}/{full_name}`, (request) => {
      caller(request);
      delete items()[field(find(request), 'full_name')];
      return {};
    });
    router.on('GET', path, (request) => {
      caller(request);
      const parent = securable.parts.slice(0, -1).map((part) => request.query.get(part)?.toLowerCase());
      const listed = Object.values(items()).filter((item) => securable.parts.slice(0, -1).every((part, i) => parent[i] === undefined || field(item, part) === parent[i]));
      const page = paginate(listed, { limit: request.query.get('max_results'), pageToken: request.query.get('page_token'), defaultLimit: 1000, maxLimit: 10000 });
      return { [securable.collection === 'models' ? 'registered_models' : securable.collection]: page.items, ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
    });
  }
  qualityMonitors(router, context);
};

/** One monitor per table (`tables/{table_name}/monitor`): a second create answers 409. */
const qualityMonitors: ApiModule = (router, context) => {
  const path = `${BASE}/tables/{table_name}/monitor`;
  const items = (): Record<string, StoredResource> => collection(context, 'uc_monitors');
  const key = (request: ApiRequest): string => (request.params.table_name ?? '').toLowerCase();
  const upsert = (request: ApiRequest, replace: boolean): StoredResource => {
    const who = caller(request);
    const table = key(request);
    const existing = items()[table];
    if (replace && !existing) mustFind(items(), table, 'Monitor for table');
    if (!replace && existing) throw alreadyExists(`Monitor already exists for table '${table}'`);
    const monitor: StoredResource = {
      ...existing,
      ...jsonBody<StoredResource>(request),
      table_name: table,
      status: 'MONITOR_STATUS_ACTIVE',
      monitor_version: Number(existing?.monitor_version ?? 0) + 1,
      profile_metrics_table_name: `${table}_profile_metrics`,
      drift_metrics_table_name: `${table}_drift_metrics`,
      ...(existing ? {} : { created_by: who.userName }),
    };
    items()[table] = monitor;
    return monitor;
  };
  router.on('POST', path, (request) => upsert(request, false));
  router.on('PUT', path, (request) => upsert(request, true));
  router.on('GET', path, (request) => {
    caller(request);
    return mustFind(items(), key(request), 'Monitor for table');
  });
  router.on('DELETE', path, (request) => {
    caller(request);
    mustFind(items(), key(request), 'Monitor for table');
    delete items()[key(request)];
    return {};
  });
};

