/**
 * Every resource type of the pinned Databricks CLI's bundle schema (`databricks bundle schema`
 * of v1.12.1, `resources.*`), as the guard sees it: which field names the object in the
 * workspace, whether the workspace keeps that name unique, how the guard finds objects that
 * carry it, and what id the deployment state records for it.
 */
import type { JsonObject } from '../bundle/model.js';
import { stringAt } from '../bundle/config-values.js';

/** In the order the guard reports them: the types whose names repeat most often first, then by name. */
export const RESOURCE_TYPES = [
  'jobs',
  'pipelines',
  'dashboards',
  'alerts',
  'apps',
  'catalogs',
  'clusters',
  'database_catalogs',
  'database_instances',
  'experiments',
  'external_locations',
  'genie_spaces',
  'instance_pools',
  'job_runs',
  'model_serving_endpoints',
  'models',
  'postgres_branches',
  'postgres_catalogs',
  'postgres_databases',
  'postgres_endpoints',
  'postgres_projects',
  'postgres_roles',
  'postgres_synced_tables',
  'quality_monitors',
  'registered_models',
  'schemas',
  'secret_scopes',
  'secrets',
  'sql_warehouses',
  'synced_database_tables',
  'vector_search_endpoints',
  'vector_search_indexes',
  'volumes',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * repeat: the service accepts a second object with the name (the deploy silently makes a twin);
 * unique: the service refuses it (the deploy fails half-way, or takes over the object);
 * unnamed: nothing carries a name the guard could compare (a run of a job).
 */
export type NameBehaviour = 'repeat' | 'unique' | 'unnamed';

/**
 * filter: one call per resource that the service narrows by name (jobs, pipelines);
 * get: one call per resource that reads the object by its name (the name is its key);
 * listing: one listing of every object of the type, read page by page once per run and
 * shared by every resource of the type;
 * path: one read of the workspace path the deploy writes to (dashboards are files in the tree).
 */
export type Lookup = 'filter' | 'get' | 'listing' | 'path' | 'none';

export interface TypeSpec {
  singular: string;
  names: NameBehaviour;
  /** How the service compares names: Unity Catalog and the Jobs API ignore case. */
  caseInsensitive: boolean;
  /** The fields whose values, joined, form the name (`catalog_name.name`). */
  nameFields: readonly string[];
  /** How a field joins the previous one in the name (default '.'). */
  joins?: readonly string[];
  lookup: Lookup;
  /** What the guard asks the workspace, for people (docs/guard.md, the report). */
  call: string;
}

const spec = (singular: string, s: Omit<TypeSpec, 'singular'>): TypeSpec => ({ singular, ...s });
const uc = (singular: string, fields: readonly string[], call: string): TypeSpec =>
  spec(singular, { names: 'unique', caseInsensitive: true, nameFields: fields, lookup: 'get', call });
const keyed = (singular: string, field: string, call: string): TypeSpec =>
  spec(singular, { names: 'unique', caseInsensitive: false, nameFields: [field], lookup: 'get', call });
const listed = (singular: string, field: string, call: string, names: NameBehaviour = 'repeat'): TypeSpec =>
  spec(singular, { names, caseInsensitive: false, nameFields: [field], lookup: 'listing', call });
const postgres = (singular: string, field: string, collection: string): TypeSpec =>
  spec(singular, {
    names: 'unique',
    caseInsensitive: false,
    nameFields: ['parent', field],
    joins: ['', `/${collection}/`],
    lookup: 'get',
    call: `GET /api/2.0/postgres/{parent}/${collection}/{id}`,
  });

export const TYPE_SPECS: Readonly<Record<ResourceType, TypeSpec>> = {
  jobs: spec('job', { names: 'repeat', caseInsensitive: true, nameFields: ['name'], lookup: 'filter', call: 'GET /api/2.2/jobs/list?name=…' }),
  pipelines: spec('pipeline', { names: 'repeat', caseInsensitive: false, nameFields: ['name'], lookup: 'filter', call: "GET /api/2.0/pipelines?filter=name LIKE '…'" }),
  dashboards: spec('dashboard', { names: 'repeat', caseInsensitive: false, nameFields: ['display_name'], lookup: 'path', call: 'GET /api/2.0/workspace/get-status?path=<parent_path>/<display_name>.lvdash.json' }),
  job_runs: spec('job run', { names: 'unnamed', caseInsensitive: false, nameFields: [], lookup: 'none', call: '—' }),
  models: keyed('model', 'name', 'GET /api/2.0/mlflow/databricks/registered-models/get?name=…'),
  experiments: spec('experiment', { names: 'unique', caseInsensitive: false, nameFields: ['name'], lookup: 'get', call: 'GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=…' }),
  model_serving_endpoints: keyed('serving endpoint', 'name', 'GET /api/2.0/serving-endpoints/{name}'),
  registered_models: uc('registered model', ['catalog_name', 'schema_name', 'name'], 'GET /api/2.1/unity-catalog/models/{full_name}'),
  quality_monitors: uc('quality monitor', ['table_name'], 'GET /api/2.1/unity-catalog/tables/{table_name}/monitor'),
  catalogs: uc('catalog', ['name'], 'GET /api/2.1/unity-catalog/catalogs/{name}'),
  schemas: uc('schema', ['catalog_name', 'name'], 'GET /api/2.1/unity-catalog/schemas/{full_name}'),
  volumes: uc('volume', ['catalog_name', 'schema_name', 'name'], 'GET /api/2.1/unity-catalog/volumes/{full_name}'),
  external_locations: uc('external location', ['name'], 'GET /api/2.1/unity-catalog/external-locations/{name}'),
  clusters: listed('cluster', 'cluster_name', 'GET /api/2.1/clusters/list'),
  genie_spaces: listed('Genie space', 'title', 'GET /api/2.0/genie/spaces'),
  apps: keyed('app', 'name', 'GET /api/2.0/apps/{name}'),
  secret_scopes: spec('secret scope', { names: 'unique', caseInsensitive: false, nameFields: ['name'], lookup: 'listing', call: 'GET /api/2.0/secrets/scopes/list' }),
  alerts: listed('alert', 'display_name', 'GET /api/2.0/alerts'),
  sql_warehouses: listed('SQL warehouse', 'name', 'GET /api/2.0/sql/warehouses', 'unique'),
  database_instances: keyed('database instance', 'name', 'GET /api/2.0/database/instances/{name}'),
  database_catalogs: uc('database catalog', ['name'], 'GET /api/2.0/database/catalogs/{name}'),
  synced_database_tables: uc('synced table', ['name'], 'GET /api/2.0/database/synced_tables/{name}'),
  postgres_projects: spec('Postgres project', {
    names: 'unique',
    caseInsensitive: false,
    nameFields: ['project_id'],
    joins: ['projects/'],
    lookup: 'get',
    call: 'GET /api/2.0/postgres/projects/{id}',
  }),
  postgres_branches: postgres('Postgres branch', 'branch_id', 'branches'),
  postgres_endpoints: postgres('Postgres endpoint', 'endpoint_id', 'endpoints'),
  postgres_databases: postgres('Postgres database', 'database_id', 'databases'),
  postgres_roles: postgres('Postgres role', 'role_id', 'roles'),
  postgres_catalogs: uc('Postgres catalog', ['catalog_id'], 'GET /api/2.0/postgres/catalogs/{id}'),
  postgres_synced_tables: uc('Postgres synced table', ['synced_table_id'], 'GET /api/2.0/postgres/synced_tables/{id}'),
  vector_search_endpoints: keyed('vector search endpoint', 'name', 'GET /api/2.0/vector-search/endpoints/{name}'),
  vector_search_indexes: uc('vector search index', ['name'], 'GET /api/2.0/vector-search/indexes/{name}'),
  instance_pools: listed('instance pool', 'instance_pool_name', 'GET /api/2.0/instance-pools/list'),
  secrets: uc('Unity Catalog secret', ['catalog_name', 'schema_name', 'name'], 'GET /api/2.1/unity-catalog/secrets/{full_name}'),
};

export function isResourceType(type: string): type is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(type);
}

/**
 * Whether two names collide in the workspace for a resource type: the one comparison the
 * guard, drift and the `duplicate-name` rule share. Case matters where the service keeps it
 * (pipelines, dashboards, clusters…), not where it folds it (the Jobs API's name filter,
 * Unity Catalog, which stores names in lower case).
 */
export function workspaceNamesCollide(type: ResourceType, a: string, b: string): boolean {
  return workspaceNameKey(type, a) === workspaceNameKey(type, b);
}

/** What the workspace compares of a name: equal keys are the same name to the service (the guard and the duplicate-name rule both use it). */
export function workspaceNameKey(type: ResourceType, name: string): string {
  return TYPE_SPECS[type].caseInsensitive ? name.toLowerCase() : name;
}

/** The name a resource definition gives its workspace object, or undefined when a part is missing. */
export function workspaceNameOf(type: ResourceType, definition: JsonObject): string | undefined {
  const { nameFields, joins } = TYPE_SPECS[type];
  if (nameFields.length === 0) return undefined;
  let name = '';
  for (const [index, field] of nameFields.entries()) {
    const part = stringAt(definition, [field]);
    if (part === undefined || part === '') return undefined;
    name += (joins?.[index] ?? (index === 0 ? '' : '.')) + part;
  }
  return name;
}
