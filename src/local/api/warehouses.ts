import { randomBytes } from 'node:crypto';
import type { ListWarehousesResponse, Warehouse, WarehouseState } from '../../core/workspace-api.js';
import { caller, jsonBody, notFound, requireString } from '../http.js';
import type { StoredWarehouse } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { alreadyExists } from './resource-store.js';

/** How long a warehouse takes to start and to stop. */
export const STARTING_MS = 2000;
export const STOPPING_MS = 1000;

/** SQL warehouses: a start or stop moves through STARTING/STOPPING on the clock. */
export const warehousesApi: ApiModule = (router, context) => {
  const base = '/api/2.0/sql/warehouses';

  router.on('GET', base, (request): ListWarehousesResponse => {
    caller(request);
    return { warehouses: Object.values(context.store.state.warehouses).map((stored) => current(stored, context.now())) };
  });

  router.on('GET', `${base}/{id}`, (request) => {
    caller(request);
    return current(find(context, request.params.id), context.now());
  });

  router.on('POST', base, (request) => {
    const who = caller(request);
    const input = jsonBody<Partial<Warehouse>>(request);
    const name = requireString(input.name, 'name');
    // Warehouse names are unique in a workspace.
    if (Object.values(context.store.state.warehouses).some((w) => w.warehouse.name === name)) throw alreadyExists(`SQL warehouse with name ${name} already exists`);
    const stored = newWarehouse(name, who.userName, input);
    stored.transition = { to: 'RUNNING', at: context.now() + STARTING_MS };
    stored.warehouse.state = 'STARTING';
    context.store.state.warehouses[stored.warehouse.id] = stored;
    return { id: stored.warehouse.id };
  });

  router.on('POST', `${base}/{id}/edit`, (request) => {
    caller(request);
    const stored = find(context, request.params.id);
    const { id: _id, ...changes } = jsonBody<Partial<Warehouse>>(request);
    if (changes.name !== undefined && changes.name !== stored.warehouse.name && Object.values(context.store.state.warehouses).some((w) => w.warehouse.name === changes.name)) {
      throw alreadyExists(`SQL warehouse with name ${changes.name} already exists`);
    }
    Object.assign(stored.warehouse, changes);
    return {};
  });

  router.on('DELETE', `${base}/{id}`, (request) => {
    caller(request);
    find(context, request.params.id);
    delete context.store.state.warehouses[request.params.id ?? ''];
    return {};
  });

  router.on('POST', `${base}/{id}/start`, (request) => {
    caller(request);
    startWarehouse(context, find(context, request.params.id));
    return {};
  });

  router.on('POST', `${base}/{id}/stop`, (request) => {
    caller(request);
    const stored = find(context, request.params.id);
    const state = current(stored, context.now()).state;
    if (state === 'RUNNING' || state === 'STARTING') {
      stored.warehouse.state = 'STOPPING';
      stored.transition = { to: 'STOPPED', at: context.now() + STOPPING_MS };
    }
    return {};
  });
};

/** Resolves once the warehouse runs, starting it first if it is stopped (as a statement does on a real one). */
export function runningWarehouse(context: LocalContext, id: string): Promise<void> {
  const stored = find(context, id);
  startWarehouse(context, stored);
  const wait = Math.max(0, (stored.transition?.at ?? 0) - context.now());
  return new Promise((resolve) => setTimeout(resolve, wait).unref());
}

export function seedWarehouse(creator: string): StoredWarehouse {
  return newWarehouse('Serverless Starter Warehouse', creator, {});
}

function startWarehouse(context: LocalContext, stored: StoredWarehouse): void {
  const state = current(stored, context.now()).state;
  if (state === 'STOPPED' || state === 'STOPPING') {
    stored.warehouse.state = 'STARTING';
    stored.transition = { to: 'RUNNING', at: context.now() + STARTING_MS };
  }
}

function find(context: LocalContext, id: string | undefined): StoredWarehouse {
  const stored = context.store.state.warehouses[id ?? ''];
  if (!stored) throw notFound(`Warehouse ${id} does not exist.`);
  return stored;
}

/** The warehouse as it is now: a transition whose time has come is applied. */
function current(stored: StoredWarehouse, now: number): Warehouse {
  if (stored.transition && now >= stored.transition.at) {
    stored.warehouse.state = stored.transition.to;
    delete stored.transition;
  }
  return stored.warehouse;
}

function newWarehouse(name: string, creator: string, input: Partial<Warehouse>): StoredWarehouse {
  const id = randomBytes(8).toString('hex');
  const state: WarehouseState = 'RUNNING';
  return {
    warehouse: {
      cluster_size: input.cluster_size ?? 'X-Small',
      warehouse_type: input.warehouse_type ?? 'PRO',
      enable_serverless_compute: input.enable_serverless_compute ?? true,
      auto_stop_mins: input.auto_stop_mins ?? 10,
      ...input,
      id,
      name,
      state,
      creator_name: creator,
      num_clusters: 1,
      odbc_params: { hostname: '127.0.0.1', path: `/sql/1.0/warehouses/${id}`, port: 443, protocol: 'https' },
    },
  };
}
