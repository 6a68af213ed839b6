import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  AclItem,
  Dashboard,
  Job,
  ObjectInfo,
  ObjectPermissions,
  Pipeline,
  PublishedDashboard,
  RunNowRequest,
  SecretScope,
  Warehouse,
  WarehouseState,
} from '../core/workspace-api.js';
import type { FederationPolicy } from '../core/federation.js';
import { writeFileAtomic } from './files.js';
import type { Identity } from './identities.js';

/** A workspace object; files keep their bytes (base64) beside the metadata. */
export interface StoredObject {
  info: ObjectInfo;
  content?: string;
}

/** A job run as started; its state is derived from the clock when read. */
export interface StoredRun {
  run_id: number;
  job_id: number;
  number_in_job: number;
  run_name: string;
  creator_user_name: string;
  task_keys: string[];
  task_run_ids: number[];
  request: RunNowRequest;
  start_time: number;
  canceled_time?: number;
}

export interface StoredPipelineUpdate {
  pipeline_id: string;
  update_id: string;
  cause: string;
  full_refresh: boolean;
  creation_time: number;
  canceled_time?: number;
}

export interface StoredWarehouse {
  warehouse: Warehouse;
  /** A start or stop in progress: the state it reaches, and when. */
  transition?: { to: WarehouseState; at: number };
}

export interface StoredScope {
  scope: SecretScope;
  acls: AclItem[];
}

/** Everything a local workspace keeps across restarts. */
export interface WorkspaceState {
  version: 1;
  workspace_id: string;
  next_id: number;
  objects: Record<string, StoredObject>;
  jobs: Record<string, Job>;
  runs: Record<string, StoredRun>;
  pipelines: Record<string, Omit<Pipeline, 'state' | 'latest_updates'>>;
  pipeline_updates: Record<string, StoredPipelineUpdate>;
  dashboards: Record<string, Dashboard>;
  published_dashboards: Record<string, PublishedDashboard>;
  warehouses: Record<string, StoredWarehouse>;
  secret_scopes: Record<string, StoredScope>;
  permissions: Record<string, ObjectPermissions>;
  /** Absent in data dirs made before service principals and federation could be added. */
  account_id?: string;
  service_principals?: Record<string, Identity>;
  federation_policies?: Record<string, FederationPolicy>;
}

const FILE = 'state.json';

/** The workspace state of a data dir, written after every change. */
export class Store {
  private constructor(
    private readonly file: string,
    readonly state: WorkspaceState,
  ) {}

  static open(dataDir: string, initial: () => WorkspaceState): Store {
    const file = path.join(dataDir, FILE);
    const state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WorkspaceState) : initial();
    const store = new Store(file, state);
    store.save();
    return store;
  }

  /** A new numeric id, unique in this workspace. */
  nextId(): number {
    this.state.next_id += 1;
    return this.state.next_id;
  }

  save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state));
  }
}
