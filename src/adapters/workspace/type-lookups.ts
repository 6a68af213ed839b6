/**
 * How each resource type is read from a real workspace: the call that finds an object by its
 * name (or the listing that holds every object), and the fields that give its id, name,
 * creator and creation time. One row per type of src/core/guard/types.ts; jobs and
 * pipelines, which have typed clients, are in guard-lookups.ts.
 */
import type { JsonObject, JsonValue } from '../../core/bundle/model.js';
import type { WorkspaceObject } from '../../core/guard/model.js';
import type { ResourceType } from '../../core/guard/types.js';
import type { PagedList } from './resources-api.js';

interface Fields {
  /** The field holding the id the deployment state records. */
  id: string;
  name: string;
  creator?: string;
  /** Milliseconds, or an RFC 3339 text. */
  created?: string;
  /** The page a person opens, from the object's id. */
  page?: (id: string) => string;
  /** The answer wraps the object (`{"experiment": {…}}`). */
  unwrap?: string;
  /** An object in this state is gone (alerts in the trash). */
  gone?: (object: JsonObject) => boolean;
}

/** Read by name: the name is its key, or the service has a get-by-name call. */
export interface GetLookup extends Fields {
  kind: 'get';
  byName: (name: string) => { path: string; query?: Record<string, string> };
  /** When the id is not the name (experiments). */
  byId?: (id: string) => { path: string; query?: Record<string, string> };
}

/** Every object of the type in one (paged) listing. */
export interface ListingLookup extends Fields {
  kind: 'listing';
  list: PagedList;
  byId: (id: string) => { path: string; query?: Record<string, string> };
}

export type TypeLookup = GetLookup | ListingLookup;

const at = (path: string): { path: string } => ({ path });
const enc = encodeURIComponent;
const uc = (collection: string, page?: (id: string) => string): GetLookup => ({
  kind: 'get',
  byName: (name) => at(`/api/2.1/unity-catalog/${collection}/${enc(name)}`),
  id: 'full_name',
  name: 'full_name',
  creator: 'created_by',
  created: 'created_at',
  ...(page ? { page } : {}),
});
const named = (base: string, extra: Partial<Fields> = {}): GetLookup => ({
  kind: 'get',
  byName: (name) => at(`${base}/${enc(name)}`),
  id: 'name',
  name: 'name',
  ...extra,
});
const dotted = (id: string): string => id.split('.').map(enc).join('/');
/** Lakebase Postgres objects are named by their resource path (`projects/p/branches/b`). */
const lakebase: GetLookup = { kind: 'get', byName: (name) => at(`/api/2.0/postgres/${name.split('/').map(enc).join('/')}`), id: 'name', name: 'name', created: 'create_time' };

export const TYPE_LOOKUPS: Readonly<Partial<Record<ResourceType, TypeLookup>>> = {
  models: {
    kind: 'get',
    byName: (name) => ({ path: '/api/2.0/mlflow/databricks/registered-models/get', query: { name } }),
    unwrap: 'registered_model_databricks',
    id: 'name',
    name: 'name',
    creator: 'user_id',
    created: 'creation_timestamp',
    page: (id) => `/ml/models/${enc(id)}`,
  },
  experiments: {
    kind: 'get',
    byName: (name) => ({ path: '/api/2.0/mlflow/experiments/get-by-name', query: { experiment_name: name } }),
    byId: (id) => ({ path: '/api/2.0/mlflow/experiments/get', query: { experiment_id: id } }),
    unwrap: 'experiment',
    id: 'experiment_id',
    name: 'name',
    created: 'creation_time',
    page: (id) => `/ml/experiments/${enc(id)}`,
  },
  model_serving_endpoints: named('/api/2.0/serving-endpoints', { creator: 'creator', created: 'creation_timestamp', page: (id) => `/ml/endpoints/${enc(id)}` }),
  registered_models: uc('models', (id) => `/explore/data/models/${dotted(id)}`),
  quality_monitors: { kind: 'get', byName: (name) => at(`/api/2.1/unity-catalog/tables/${enc(name)}/monitor`), id: 'table_name', name: 'table_name', page: (id) => `/explore/data/${dotted(id)}` },
  catalogs: { ...uc('catalogs', (id) => `/explore/data/${enc(id)}`), id: 'name', name: 'name' },
  schemas: uc('schemas', (id) => `/explore/data/${dotted(id)}`),
  volumes: uc('volumes', (id) => `/explore/data/volumes/${dotted(id)}`),
  external_locations: { ...uc('external-locations'), id: 'name', name: 'name' },
  secrets: uc('secrets'),
  apps: named('/api/2.0/apps', { creator: 'creator', created: 'create_time', page: (id) => `/apps/${enc(id)}` }),
  database_instances: named('/api/2.0/database/instances', { creator: 'creator', created: 'creation_time', page: (id) => `/compute/database-instances/${enc(id)}` }),
  database_catalogs: named('/api/2.0/database/catalogs'),
  synced_database_tables: named('/api/2.0/database/synced_tables'),
  postgres_projects: lakebase,
  postgres_branches: lakebase,
  postgres_endpoints: lakebase,
  postgres_databases: lakebase,
  postgres_roles: lakebase,
  postgres_catalogs: named('/api/2.0/postgres/catalogs'),
  postgres_synced_tables: named('/api/2.0/postgres/synced_tables'),
  vector_search_endpoints: named('/api/2.0/vector-search/endpoints', { creator: 'creator', created: 'creation_timestamp' }),
  vector_search_indexes: named('/api/2.0/vector-search/indexes', { creator: 'creator' }),
  clusters: {
    kind: 'listing',
    list: { path: '/api/2.1/clusters/list', items: 'clusters', size: { param: 'page_size', max: 100 }, token: { param: 'page_token', next: 'next_page_token' } },
    byId: (id) => ({ path: '/api/2.1/clusters/get', query: { cluster_id: id } }),
    id: 'cluster_id',
    name: 'cluster_name',
    creator: 'creator_user_name',
    created: 'start_time',
    page: (id) => `/compute/clusters/${enc(id)}`,
  },
  genie_spaces: {
    kind: 'listing',
    list: { path: '/api/2.0/genie/spaces', items: 'spaces', size: { param: 'page_size', max: 100 }, token: { param: 'page_token', next: 'next_page_token' } },
    byId: (id) => at(`/api/2.0/genie/spaces/${enc(id)}`),
    id: 'space_id',
    name: 'title',
    page: (id) => `/genie/rooms/${enc(id)}`,
  },
  alerts: {
    kind: 'listing',
    list: { path: '/api/2.0/alerts', items: 'results', size: { param: 'page_size', max: 100 }, token: { param: 'page_token', next: 'next_page_token' } },
    byId: (id) => at(`/api/2.0/alerts/${enc(id)}`),
    id: 'id',
    name: 'display_name',
    creator: 'owner_user_name',
    created: 'create_time',
    page: (id) => `/sql/alerts-v2/${enc(id)}`,
    gone: (alert) => alert.lifecycle_state === 'DELETED' || alert.lifecycle_state === 'TRASHED',
  },
  sql_warehouses: {
    kind: 'listing',
    list: { path: '/api/2.0/sql/warehouses', items: 'warehouses' },
    byId: (id) => at(`/api/2.0/sql/warehouses/${enc(id)}`),
    id: 'id',
    name: 'name',
    creator: 'creator_name',
    page: (id) => `/sql/warehouses/${enc(id)}`,
  },
  secret_scopes: {
    kind: 'listing',
    list: { path: '/api/2.0/secrets/scopes/list', items: 'scopes' },
    // No call reads one scope: the listing is the only answer.
    byId: () => at('/api/2.0/secrets/scopes/list'),
    id: 'name',
    name: 'name',
  },
  instance_pools: {
    kind: 'listing',
    list: { path: '/api/2.0/instance-pools/list', items: 'instance_pools' },
    byId: (id) => ({ path: '/api/2.0/instance-pools/get', query: { instance_pool_id: id } }),
    id: 'instance_pool_id',
    name: 'instance_pool_name',
    page: (id) => `/compute/instance-pools/${enc(id)}`,
  },
};

/** The guard's view of one object the API answered with. */
export function objectFrom(type: ResourceType, lookup: TypeLookup, host: string, answer: JsonObject): WorkspaceObject | undefined {
  const object = lookup.unwrap ? answer[lookup.unwrap] : answer;
  if (!isObject(object) || lookup.gone?.(object)) return undefined;
  const id = text(object[lookup.id]);
  if (id === undefined) return undefined;
  const creator = lookup.creator ? text(object[lookup.creator]) : undefined;
  const createdAt = lookup.created ? millis(object[lookup.created]) : undefined;
  return {
    type,
    id,
    name: text(object[lookup.name]) ?? id,
    ...(creator ? { creator } : {}),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(lookup.page ? { url: `${host}${lookup.page(id)}` } : {}),
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

function millis(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
