/**
 * `dataops drift`: what the deployment state says was deployed against what the workspace
 * has now — fields edited in the UI, objects deleted by hand, permissions changed.
 */
import type { JsonValue, Location } from '../bundle/model.js';
import { mapBounded } from '../guard/concurrency.js';
import type { BundleResource, DeploymentState, StateEntry } from '../guard/model.js';
import { isResourceType, type ResourceType } from '../guard/types.js';
import { isObject } from '../bundle/config-values.js';
import type { Dashboard, Job, ObjectPermissions, Pipeline } from '../workspace-api.js';
import { compareSettings, type FieldChange, type ServerFilled } from './compare.js';
import { comparePermissions, type PermissionChange } from './permissions.js';

/** What drift asks the workspace; null when the object does not exist. */
export interface DriftWorkspace {
  host: string;
  job(id: string): Promise<Job | null>;
  pipeline(id: string): Promise<Pipeline | null>;
  dashboard(id: string): Promise<Dashboard | null>;
  /** `objectId` as the state records it: `/jobs/123`, `/pipelines/abc`, `/dashboards/def`. */
  permissions(objectId: string): Promise<ObjectPermissions | null>;
}

/**
 * in-sync: as deployed; changed: fields or grants differ; deleted: gone from the workspace
 * (or in the trash); existence-only: the state keeps ids only (terraform), so only existence
 * was checked.
 */
export type DriftStatus = 'in-sync' | 'changed' | 'deleted' | 'existence-only';

/** The types whose deployed settings drift compares field by field; the others it checks for existence. */
type ComparedType = 'jobs' | 'pipelines' | 'dashboards';
const isCompared = (type: ResourceType): type is ComparedType => type === 'jobs' || type === 'pipelines' || type === 'dashboards';

export interface DriftResult {
  type: ResourceType;
  key: string;
  id: string;
  /** Where a person opens it (the types drift compares field by field). */
  url?: string;
  status: DriftStatus;
  changes: FieldChange[];
  permissions: PermissionChange[];
  /** The YAML that defines it, when the configuration still does. */
  location?: Location;
}

export interface DriftReport {
  target: string;
  host: string;
  state: { engine: DeploymentState['engine']; source: string; serial: number };
  resources: DriftResult[];
  warnings: string[];
  summary: { resources: number; inSync: number; changed: number; deleted: number; existenceOnly: number };
}

export interface DriftInput {
  target: string;
  production: boolean;
  state: DeploymentState;
  /** The target's resources, for the YAML locations. */
  resources: readonly BundleResource[];
  workspace: DriftWorkspace;
  /** Whether an object of any other type still exists. */
  exists(type: ResourceType, id: string): Promise<boolean>;
  concurrency: number;
}

const MAIN_KEY = /^resources\.([a-z_]+)\.([^.]+)$/;
const PATHS: Readonly<Record<ComparedType, string>> = { jobs: 'jobs', pipelines: 'pipelines', dashboards: 'dashboardsv3' };

export async function drift(input: DriftInput): Promise<{ report: DriftReport; exitCode: 0 | 1 }> {
  const { state } = input;
  const warnings = [...state.warnings];
  if (state.engine === null) {
    warnings.push(`no deployment state for ${input.target}: nothing was deployed, or its state was lost (dataops guard tells which)`);
  }
  const items = Object.entries(state.entries).flatMap(([key, entry]) => {
    const match = MAIN_KEY.exec(key);
    const type = match?.[1] ?? '';
    return match && isResourceType(type) && type !== 'job_runs' ? [{ type, key: match[2] ?? '', entry, permissions: state.entries[`${key}.permissions`] }] : [];
  });
  const located = new Map(input.resources.map((r) => [`${r.type}.${r.key}`, r.location]));
  const resources = await mapBounded(items, input.concurrency, async (item): Promise<DriftResult> => {
    const location = located.get(`${item.type}.${item.key}`);
    const { type } = item;
    const base = { type, key: item.key, id: item.entry.id, ...(isCompared(type) ? { url: `${input.workspace.host}/${PATHS[type]}/${item.entry.id}` } : {}), ...(location ? { location } : {}) };
    if (!isCompared(type)) return { ...base, status: (await input.exists(type, item.entry.id)) ? 'existence-only' : 'deleted', changes: [], permissions: [] };
    const changes = await fieldChanges(type, item.entry, input.workspace);
    if (changes === null) return { ...base, status: 'deleted', changes: [], permissions: [] };
    const permissions = await permissionChanges(item.permissions, input.workspace);
    if (changes === 'existence-only') return { ...base, status: 'existence-only', changes: [], permissions };
    return { ...base, status: changes.length + permissions.length > 0 ? 'changed' : 'in-sync', changes, permissions };
  });
  const count = (status: DriftStatus): number => resources.filter((r) => r.status === status).length;
  const report: DriftReport = {
    target: input.target,
    host: input.workspace.host,
    state: { engine: state.engine, source: state.source, serial: state.serial },
    resources,
    warnings,
    summary: { resources: resources.length, inSync: count('in-sync'), changed: count('changed'), deleted: count('deleted'), existenceOnly: count('existence-only') },
  };
  const lostProduction = input.production && state.engine === null;
  return { report, exitCode: report.summary.changed + report.summary.deleted > 0 || lostProduction ? 1 : 0 };
}

/** null: the object is gone. */
async function fieldChanges(type: ComparedType, entry: StateEntry, ws: DriftWorkspace): Promise<FieldChange[] | null | 'existence-only'> {
  if (type === 'jobs') {
    const job = await ws.job(entry.id);
    if (!job) return null;
    return entry.state === undefined ? 'existence-only' : compareSettings(entry.state, job.settings as JsonValue, jobDefaults(job));
  }
  if (type === 'pipelines') {
    const pipeline = await ws.pipeline(entry.id);
    if (!pipeline) return null;
    return entry.state === undefined ? 'existence-only' : compareSettings(entry.state, pipeline.spec as JsonValue, (field) => field === 'id');
  }
  const dashboard = await ws.dashboard(entry.id);
  if (!dashboard || dashboard.lifecycle_state === 'TRASHED') return null;
  return dashboardChanges(entry, dashboard);
}

/** Settings the Jobs service fills in by itself when the deploy left them out. */
function jobDefaults(job: Job): ServerFilled {
  const defaults: Record<string, JsonValue> = { format: 'MULTI_TASK', max_concurrent_runs: 1, timeout_seconds: 0 };
  return (field, value) =>
    field === 'deployment' ||
    field === 'edit_mode' ||
    (field in defaults && JSON.stringify(defaults[field]) === JSON.stringify(value)) ||
    (field === 'run_as' && isObject(value) && value.user_name === job.creator_user_name);
}

/**
 * The serialized content is rewritten by the service, so content edits show as a new etag
 * (the check the Databricks CLI itself makes before it overwrites a dashboard).
 */
function dashboardChanges(entry: StateEntry, dashboard: Dashboard): FieldChange[] | 'existence-only' {
  if (!isObject(entry.state ?? null)) return entry.etag === undefined || entry.etag === dashboard.etag ? 'existence-only' : [{ path: 'etag', deployed: entry.etag, actual: dashboard.etag }];
  const deployed = entry.state as Record<string, JsonValue>;
  const changes: FieldChange[] = [];
  const check = (path: string, was: JsonValue | undefined, now: string | undefined): void => {
    if (was !== undefined && was !== now) changes.push({ path, deployed: was, ...(now === undefined ? {} : { actual: now }) });
  };
  check('display_name', deployed.display_name, dashboard.display_name);
  check('warehouse_id', deployed.warehouse_id, dashboard.warehouse_id);
  const folder = (p: JsonValue | undefined): JsonValue | undefined => (typeof p === 'string' ? p.replace(/^\/Workspace\//, '/') : p);
  check('parent_path', folder(deployed.parent_path), folder(dashboard.parent_path) as string);
  check('etag', entry.etag, dashboard.etag);
  return changes;
}

async function permissionChanges(entry: StateEntry | undefined, ws: DriftWorkspace): Promise<PermissionChange[]> {
  if (!entry || entry.state === undefined) return [];
  const acl = await ws.permissions(entry.id);
  return acl ? comparePermissions(entry.state, acl) : [];
}
