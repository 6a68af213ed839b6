import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  AclItem,
  Dashboard,
  Job,
  ObjectInfo,
  ObjectPermissions,
  Pipeline,
  PipelineEvent,
  PipelineUpdateState,
  PublishedDashboard,
  RunNowRequest,
  RunState,
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

/** One task of a run, as it ran: its state, its time and what its code printed. */
export interface StoredTaskRun {
  task_key: string;
  run_id: number;
  state: RunState;
  start_time: number;
  end_time?: number;
  logs?: string;
  error?: string;
  error_trace?: string;
  notebook_result?: string;
}

/** A job run: its tasks run their code (src/local/runs/), and record their states here. */
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
  state?: RunState;
  end_time?: number;
  tasks?: StoredTaskRun[];
}

export interface StoredPipelineUpdate {
  pipeline_id: string;
  update_id: string;
  cause: string;
  full_refresh: boolean;
  creation_time: number;
  canceled_time?: number;
  /** Set as the update runs its sources (src/local/runs/pipeline-update.ts). */
  state?: PipelineUpdateState;
  end_time?: number;
  events?: PipelineEvent[];
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
  /**
   * Objects of the other resource types (schemas, volumes, apps, clusters…), by collection
   * and key; absent in data dirs written before they were served.
   */
  resources?: Record<string, Record<string, StoredResource>>;
}

/** A resource kept as the API answers it (wire names). */
export type StoredResource = Record<string, unknown>;

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
