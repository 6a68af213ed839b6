/**
 * Request and response shapes of the Databricks workspace REST API, as far as dataops
 * uses them. One set of types for both sides: the REST client (src/adapters/workspace)
 * and the local workspace (src/local) are written against these, so they cannot drift.
 * Field names are the wire names (snake_case). Settings objects that dataops passes
 * through untouched keep an index signature instead of a full schema.
 */

/** The body of every failed call. */
export interface ApiErrorBody {
  error_code: string;
  message: string;
  details?: unknown[];
}

// ---- identity ----------------------------------------------------------------

/** GET /.well-known/databricks-config */
export interface WellKnownConfig {
  workspace_id: string;
  account_id?: string;
  cloud: string;
  host: string;
  host_type?: 'WORKSPACE_HOST' | 'ACCOUNT_HOST' | 'UNIFIED_HOST';
  oidc_endpoint: string;
  token_federation_default_oidc_audiences?: string[];
}

export interface ScimUser {
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  emails?: Array<{ value: string; primary: boolean; type: string }>;
  groups?: Array<{ display: string; value: string }>;
  schemas: string[];
}

export interface ScimServicePrincipal {
  id: string;
  applicationId: string;
  displayName: string;
  active: boolean;
  schemas: string[];
}

export interface ScimListResponse<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
  schemas: string[];
}

/** POST /oidc/v1/token (client credentials). */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

// ---- workspace files ---------------------------------------------------------

export type ObjectType = 'DIRECTORY' | 'FILE' | 'NOTEBOOK' | 'DASHBOARD' | 'LIBRARY' | 'REPO';

export interface ObjectInfo {
  path: string;
  object_type: ObjectType;
  object_id: number;
  resource_id?: string;
  language?: string;
  size?: number;
  created_at?: number;
  modified_at?: number;
}

export interface WorkspaceListResponse {
  objects?: ObjectInfo[];
}

export interface WorkspaceImportRequest {
  path: string;
  content?: string;
  format?: string;
  language?: string;
  overwrite?: boolean;
}

export interface WorkspaceExportResponse {
  content: string;
  file_type?: string;
}

export interface WorkspaceDeleteRequest {
  path: string;
  recursive?: boolean;
}

// ---- jobs 2.2 ----------------------------------------------------------------

/** Set by `databricks bundle deploy`; the guard reads it to tell owned from foreign resources. */
export interface BundleDeployment {
  kind: 'BUNDLE' | string;
  metadata_file_path?: string;
}

export interface JobTask {
  task_key: string;
  [setting: string]: unknown;
}

export interface JobSettings {
  name?: string;
  tasks?: JobTask[];
  deployment?: BundleDeployment;
  edit_mode?: 'UI_LOCKED' | 'EDITABLE';
  tags?: Record<string, string>;
  [setting: string]: unknown;
}

export interface Job {
  job_id: number;
  creator_user_name?: string;
  run_as_user_name?: string;
  created_time: number;
  settings: JobSettings;
}

export interface CreateJobResponse {
  job_id: number;
}

export interface ListJobsResponse {
  jobs?: Job[];
  has_more: boolean;
  next_page_token?: string;
  prev_page_token?: string;
}

export interface ResetJobRequest {
  job_id: number;
  new_settings: JobSettings;
}

export interface RunNowRequest {
  job_id: number;
  job_parameters?: Record<string, string>;
  [setting: string]: unknown;
}

export interface RunNowResponse {
  run_id: number;
  number_in_job: number;
}

export type RunLifeCycleState = 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED' | 'SKIPPED' | 'INTERNAL_ERROR';
export type RunResultState = 'SUCCESS' | 'FAILED' | 'TIMEDOUT' | 'CANCELED' | 'UPSTREAM_FAILED' | 'EXCLUDED';

export interface RunState {
  life_cycle_state: RunLifeCycleState;
  result_state?: RunResultState;
  state_message: string;
  user_cancelled_or_timedout: boolean;
}

export interface RunStatus {
  state: RunLifeCycleState;
  termination_details?: { code: string; type: string; message: string };
}

export interface RunTask {
  run_id: number;
  task_key: string;
  state: RunState;
  status: RunStatus;
  start_time: number;
  end_time: number;
  execution_duration?: number;
}

export interface Run {
  job_id: number;
  run_id: number;
  /** Set when the run described is one task's run (runs/get-output of a task). */
  task_key?: string;
  number_in_job: number;
  run_name: string;
  creator_user_name: string;
  run_page_url: string;
  run_type: 'JOB_RUN';
  trigger: 'ONE_TIME';
  state: RunState;
  status: RunStatus;
  tasks: RunTask[];
  job_parameters?: Array<{ name: string; value: string }>;
  start_time: number;
  end_time: number;
  setup_duration: number;
  execution_duration: number;
  cleanup_duration: number;
}

export interface ListRunsResponse {
  runs?: Run[];
  has_more: boolean;
  next_page_token?: string;
}

export interface RunOutput {
  metadata: Run;
  notebook_output?: { result?: string; truncated?: boolean };
  logs?: string;
  error?: string;
  error_trace?: string;
}

// ---- pipelines ---------------------------------------------------------------

export interface PipelineSpec {
  name?: string;
  deployment?: BundleDeployment;
  edit_mode?: string;
  catalog?: string;
  schema?: string;
  target?: string;
  libraries?: unknown[];
  [setting: string]: unknown;
}

export type PipelineState = 'IDLE' | 'RUNNING' | 'STARTING' | 'STOPPING' | 'DELETED' | 'FAILED' | 'RECOVERING' | 'DEPLOYING';

export interface Pipeline {
  pipeline_id: string;
  name: string;
  spec: PipelineSpec;
  state: PipelineState;
  health?: 'HEALTHY' | 'UNHEALTHY';
  creator_user_name: string;
  run_as_user_name: string;
  last_modified: number;
  latest_updates?: PipelineUpdateInfo[];
}

/** One entry of GET /api/2.0/pipelines. */
export interface PipelineStateInfo {
  pipeline_id: string;
  name: string;
  state: PipelineState;
  creator_user_name: string;
  run_as_user_name: string;
  latest_updates?: PipelineUpdateInfo[];
}

export interface CreatePipelineResponse {
  pipeline_id: string;
}

export interface ListPipelinesResponse {
  statuses?: PipelineStateInfo[];
  next_page_token?: string;
}

export type PipelineUpdateState =
  | 'QUEUED'
  | 'CREATED'
  | 'WAITING_FOR_RESOURCES'
  | 'INITIALIZING'
  | 'SETTING_UP_TABLES'
  | 'RUNNING'
  | 'STOPPING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED';

export interface PipelineUpdateInfo {
  update_id: string;
  state: PipelineUpdateState;
  creation_time: string;
}

export interface PipelineUpdate {
  pipeline_id: string;
  update_id: string;
  state: PipelineUpdateState;
  cause: string;
  creation_time: number;
  full_refresh: boolean;
}

export interface StartUpdateResponse {
  update_id: string;
}

export interface ListUpdatesResponse {
  updates?: PipelineUpdate[];
  next_page_token?: string;
}

export interface PipelineEvent {
  id: string;
  sequence: { control_plane_seq_no: number };
  origin: { pipeline_id: string; update_id?: string };
  timestamp: string;
  message: string;
  level: 'INFO' | 'WARN' | 'ERROR';
  event_type: string;
  error?: { exceptions: Array<{ class_name?: string; message: string }>; fatal?: boolean };
  details?: Record<string, unknown>;
}

export interface ListPipelineEventsResponse {
  events?: PipelineEvent[];
  next_page_token?: string;
}

// ---- AI/BI (Lakeview) dashboards ---------------------------------------------

export type DashboardLifecycleState = 'ACTIVE' | 'TRASHED';

export interface Dashboard {
  dashboard_id: string;
  display_name: string;
  path: string;
  parent_path: string;
  serialized_dashboard?: string;
  warehouse_id?: string;
  /** Where the datasets' one-part table names resolve (the bundle's dataset_catalog and dataset_schema). */
  dataset_catalog?: string;
  dataset_schema?: string;
  etag: string;
  lifecycle_state: DashboardLifecycleState;
  create_time: string;
  update_time: string;
}

export interface DashboardInput {
  display_name?: string;
  parent_path?: string;
  serialized_dashboard?: string;
  warehouse_id?: string;
  dataset_catalog?: string;
  dataset_schema?: string;
  etag?: string;
}

export interface ListDashboardsResponse {
  dashboards?: Dashboard[];
  next_page_token?: string;
}

export interface PublishRequest {
  embed_credentials?: boolean;
  warehouse_id?: string;
}

export interface PublishedDashboard {
  display_name: string;
  warehouse_id?: string;
  embed_credentials: boolean;
  revision_create_time: string;
}

// ---- SQL warehouses and statements -------------------------------------------

export type WarehouseState = 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'DELETING' | 'DELETED';

export interface Warehouse {
  id: string;
  name: string;
  state: WarehouseState;
  cluster_size: string;
  warehouse_type: string;
  enable_serverless_compute: boolean;
  auto_stop_mins: number;
  creator_name: string;
  num_clusters: number;
  odbc_params: { hostname: string; path: string; port: number; protocol: string };
}

export interface ListWarehousesResponse {
  warehouses?: Warehouse[];
}

export type StatementState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'CLOSED';

export interface StatementParameter {
  name: string;
  value?: string;
  type?: string;
}

export interface ExecuteStatementRequest {
  statement: string;
  warehouse_id: string;
  catalog?: string;
  schema?: string;
  parameters?: StatementParameter[];
  /** `0s` (asynchronous) or 5 to 50 seconds, e.g. `10s`; default `10s`. */
  wait_timeout?: string;
  on_wait_timeout?: 'CONTINUE' | 'CANCEL';
  row_limit?: number;
  disposition?: 'INLINE' | 'EXTERNAL_LINKS';
  format?: 'JSON_ARRAY' | 'ARROW_STREAM' | 'CSV';
}

export interface ColumnInfo {
  name: string;
  position: number;
  type_name: string;
  type_text: string;
}

export interface ResultManifest {
  format: 'JSON_ARRAY';
  schema: { column_count: number; columns: ColumnInfo[] };
  total_row_count: number;
  total_chunk_count: number;
  chunks: Array<{ chunk_index: number; row_offset: number; row_count: number }>;
  truncated: boolean;
}

export interface ResultData {
  chunk_index: number;
  row_offset: number;
  row_count: number;
  /** Every value is a string or null, as the JSON_ARRAY format sends it. */
  data_array: Array<Array<string | null>>;
  next_chunk_index?: number;
  next_chunk_internal_link?: string;
}

export interface StatementStatus {
  state: StatementState;
  error?: { error_code: string; message: string };
}

export interface StatementResponse {
  statement_id: string;
  status: StatementStatus;
  manifest?: ResultManifest;
  result?: ResultData;
}

// ---- secrets -----------------------------------------------------------------

export interface SecretScope {
  name: string;
  backend_type: 'DATABRICKS' | 'AZURE_KEYVAULT';
}

export interface CreateScopeRequest {
  scope: string;
  initial_manage_principal?: string;
  scope_backend_type?: string;
}

export interface ListScopesResponse {
  scopes?: SecretScope[];
}

export interface PutSecretRequest {
  scope: string;
  key: string;
  string_value?: string;
  bytes_value?: string;
}

export interface SecretMetadata {
  key: string;
  last_updated_timestamp: number;
}

export interface ListSecretsResponse {
  secrets?: SecretMetadata[];
}

export interface GetSecretResponse {
  key: string;
  /** base64 */
  value: string;
}

export type AclPermission = 'READ' | 'WRITE' | 'MANAGE';

export interface AclItem {
  principal: string;
  permission: AclPermission;
}

export interface ListAclsResponse {
  items?: AclItem[];
}

// ---- permissions -------------------------------------------------------------

export interface AccessControlRequest {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: string;
}

export interface AccessControlResponse {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  display_name?: string;
  all_permissions: Array<{ permission_level: string; inherited: boolean; inherited_from_object?: string[] }>;
}

export interface ObjectPermissions {
  object_id: string;
  object_type: string;
  access_control_list: AccessControlResponse[];
}

export interface SetPermissionsRequest {
  access_control_list: AccessControlRequest[];
}
