import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { alertsApi } from './api/alerts.js';
import { appsApi } from './api/apps.js';
import { bundleDeploymentsApi } from './api/bundle-deployments.js';
import { clustersApi } from './api/clusters.js';
import { dashboardsApi } from './api/dashboards.js';
import { databaseInstancesApi } from './api/database-instances.js';
import { experimentsApi } from './api/experiments.js';
import type { LocalContext } from './api/context.js';
import { federationApi } from './api/federation.js';
import { identityApi } from './api/identity.js';
import { jobsApi } from './api/jobs.js';
import { PermissionsBook, permissionsApi } from './api/permissions.js';
import { pipelinesApi } from './api/pipelines.js';
import { runsApi } from './api/runs.js';
import { secretsApi } from './api/secrets.js';
import { servingEndpointsApi } from './api/serving-endpoints.js';
import { statementsApi } from './api/statements.js';
import { unityCatalogApi } from './api/unity-catalog.js';
import { warehousesApi, seedWarehouse } from './api/warehouses.js';
import { WorkspaceTree, workspaceApi } from './api/workspace.js';
import { Authenticator } from './auth.js';
import { injectedFailure, NO_FAULTS, type FaultOptions } from './faults.js';
import { ApiError, Reply, Router, type ApiRequest } from './http.js';
import { loadOrCreateIdentities, type IdentityFile } from './identities.js';
import { pagesModule } from './pages/routes.js';
import { createRunners } from './runs/runners.js';
import { StatementHistory } from './sql/history.js';
import { Store, type WorkspaceState } from './state.js';
import type { SqlEngine } from './sql/engine.js';
import type { ResultLimits } from './sql/held-results.js';

export interface LocalWorkspaceOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  faults?: Partial<FaultOptions>;
  /** How long statement results are kept and how many bytes of them; the API's own lifetime unless given. */
  results?: ResultLimits;
  now?: () => number;
  /** Where SQL statements run; DuckDB in the data dir unless a test passes another. */
  sqlEngine?: () => Promise<SqlEngine>;
  /** One line per call (method, path, status), for `--verbose` and for tests. */
  onRequest?: (line: string) => void;
}

export interface LocalWorkspace {
  url: string;
  identities: IdentityFile;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Starts a local Databricks workspace on 127.0.0.1, its state kept in `dataDir`. */
export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const now = options.now ?? Date.now;
  const faults: FaultOptions = { ...NO_FAULTS, ...options.faults };
  const identities = loadOrCreateIdentities(options.dataDir);
  const store = Store.open(options.dataDir, () => initialState(identities, now()));
  let baseUrl = '';
  const addedPrincipals = () => Object.values(store.state.service_principals ?? {});
  const context: LocalContext = { store, auth: new Authenticator(identities, now, addedPrincipals), now, baseUrl: () => baseUrl };

  const router = new Router();
  const tree = new WorkspaceTree(context);
  const permissions = new PermissionsBook(context);
  const history = new StatementHistory(now);
  const statements = statementsApi(options.sqlEngine ?? (() => openDefaultEngine(options.dataDir)), { history, now, ...(options.results ? { limits: options.results } : {}) });
  const runners = createRunners(context, tree, identities, statements.execute);
  for (const register of [
    identityApi,
    federationApi,
    workspaceApi(tree),
    jobsApi(permissions),
    runsApi(runners.executor),
    pipelinesApi(permissions, runners.pipelineUpdates),
    dashboardsApi(tree, permissions),
    warehousesApi,
    statements.module,
    secretsApi,
    permissionsApi(permissions),
    unityCatalogApi,
    experimentsApi,
    servingEndpointsApi,
    appsApi,
    clustersApi,
    alertsApi,
    databaseInstancesApi,
    bundleDeploymentsApi,
    pagesModule({ tree, history }, statements.execute),
  ]) {
    register(router, context);
  }

  const server = createServer((req, res) => {
    void handle(req, res, { router, context, faults, onRequest: options.onRequest });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  baseUrl = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    identities,
    close: async () => {
      await statements.close();
      await closeServer(server);
    },
  };
}

async function openDefaultEngine(dataDir: string): Promise<SqlEngine> {
  const { openDuckDb } = await import('./sql/duckdb.js');
  return openDuckDb(path.join(dataDir, 'warehouse.duckdb'));
}

interface Handling {
  router: Router;
  context: LocalContext;
  faults: FaultOptions;
  onRequest: ((line: string) => void) | undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, { router, context, faults, onRequest }: Handling): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://local');
  let status = 500;
  try {
    const body = await readBody(req);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const failure = injectedFailure(faults);
    if (failure) throw failure;
    const route = router.match(method, url.pathname);
    if (!route) throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${method} ${url.pathname}'`);
    const request: ApiRequest = {
      method,
      path: url.pathname,
      params: route.params,
      query: url.searchParams,
      headers: req.headers,
      body,
      identity: identify(req, context),
    };
    if (!route.open && !request.identity) throw unauthenticated(req);
    const result = await route.handler(request);
    const reply = result instanceof Reply ? result : new Reply(200, result ?? {});
    status = reply.status;
    if (method !== 'GET' && method !== 'HEAD' && status < 400) context.store.save();
    send(res, reply);
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(500, 'INTERNAL_ERROR', `dataops local: ${String(error)}`);
    status = failure.status;
    send(res, new Reply(failure.status, failure.body(), failure.headers));
  } finally {
    onRequest?.(`${method} ${url.pathname}${url.search} ${status}`);
  }
}

function identify(req: IncomingMessage, context: LocalContext): ReturnType<Authenticator['identify']> {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ? context.auth.identify(match[1].trim()) : null;
}

function unauthenticated(req: IncomingMessage): ApiError {
  return req.headers.authorization
    ? new ApiError(401, 'UNAUTHENTICATED', 'Invalid access token.')
    : new ApiError(401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.');
}

function send(res: ServerResponse, reply: Reply): void {
  const raw = Buffer.isBuffer(reply.body);
  const payload = raw ? (reply.body as Buffer) : Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    'content-type': raw ? 'application/octet-stream' : 'application/json',
    'content-length': payload.length,
    ...reply.headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'REQUEST_LIMIT_EXCEEDED', `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function initialState(identities: IdentityFile, now: number): WorkspaceState {
  const directories = ['/', '/Users', '/Shared', ...Object.values(identities).map((stored) => `/Users/${stored.identity.userName}`)];
  const state: WorkspaceState = {
    version: 1,
    workspace_id: String(randomInt(1_000_000_000, 9_999_999_999)) + String(randomInt(100_000, 999_999)),
    next_id: 1_000_000_000_000,
    objects: {},
    jobs: {},
    runs: {},
    pipelines: {},
    pipeline_updates: {},
    dashboards: {},
    published_dashboards: {},
    warehouses: {},
    secret_scopes: {},
    permissions: {},
  };
  for (const path of directories) {
    state.next_id += 1;
    state.objects[path] = { info: { path, object_type: 'DIRECTORY', object_id: state.next_id, created_at: now, modified_at: now } };
  }
  state.account_id = randomUUID();
  const warehouse = seedWarehouse(identities.developer.identity.userName);
  state.warehouses[warehouse.warehouse.id] = warehouse;
  return state;
}
