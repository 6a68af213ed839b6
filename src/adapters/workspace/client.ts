import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VERSION } from '../../version.js';
import { resolveCredentials, type AuthSources, type Credentials } from './auth.js';
import { DashboardsApi } from './dashboards.js';
import { IdentityApi } from './identity.js';
import { JobsApi } from './jobs.js';
import { PermissionsApi } from './permissions.js';
import { PipelinesApi } from './pipelines.js';
import { ResourcesApi } from './resources-api.js';
import { SecretsApi } from './secrets.js';
import { StatementsApi, WarehousesApi } from './sql.js';
import { Transport, type TransportOptions } from './transport.js';
import { WorkspaceFilesApi } from './workspace-files.js';
import { variableLookups } from './variable-lookups.js';
import type { LookupDirectory } from '../../core/bundle/lookups.js';

export type ClientOptions = Pick<TransportOptions, 'timeoutMs' | 'retry' | 'fetch' | 'sleep' | 'random'>;

/** The one client every command that talks to a workspace uses. */
export class WorkspaceClient {
  readonly host: string;
  readonly identity: IdentityApi;
  readonly workspace: WorkspaceFilesApi;
  readonly jobs: JobsApi;
  readonly pipelines: PipelinesApi;
  readonly dashboards: DashboardsApi;
  readonly warehouses: WarehousesApi;
  readonly statements: StatementsApi;
  readonly secrets: SecretsApi;
  readonly permissions: PermissionsApi;
  readonly resources: ResourcesApi;
  /** Bundle variable lookups by name (`lookup: {warehouse: …}`), every kind the CLI has. */
  readonly lookups: LookupDirectory;

  constructor(
    readonly credentials: Credentials,
    options: ClientOptions = {},
  ) {
    const http = new Transport({ ...options, host: credentials.host, authorization: credentials.authorization, userAgent: `dataops/${VERSION}` });
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.host = http.host;
    this.identity = new IdentityApi(http);
    this.workspace = new WorkspaceFilesApi(http);
    this.jobs = new JobsApi(http);
    this.pipelines = new PipelinesApi(http);
    this.dashboards = new DashboardsApi(http);
    this.warehouses = new WarehousesApi(http);
    this.statements = new StatementsApi(http, sleep);
    this.secrets = new SecretsApi(http);
    this.permissions = new PermissionsApi(http);
    this.resources = new ResourcesApi(http);
    this.lookups = variableLookups(http);
  }
}

/**
 * A client for the workspace the environment points at, authenticated as the Databricks
 * CLI would be (see auth.ts for the order of sources).
 */
export async function connectWorkspace(env: NodeJS.ProcessEnv, options: ClientOptions = {}): Promise<WorkspaceClient> {
  return new WorkspaceClient(await resolveCredentials(defaultAuthSources(env, options.fetch)), options);
}

function defaultAuthSources(env: NodeJS.ProcessEnv, fetchImpl?: typeof fetch): AuthSources {
  return {
    env,
    readConfigFile: () => readFile(env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), '.databrickscfg'), 'utf8').catch(() => null),
    runDatabricks: async (args) => {
      const { runProcess } = await import('../process.js');
      return runProcess('databricks', args, { env, timeoutMs: 60_000 });
    },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
}
