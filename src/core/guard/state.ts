/**
 * Reads the deployment state files of a bundle target and picks the one the next
 * `databricks bundle deploy` will use, as the CLI does (bundle/statemgmt/state_pull.go):
 * every state found (direct `resources.json`, terraform `terraform.tfstate`, local and
 * remote), the highest serial wins, and all must share one lineage.
 *
 * The direct engine's state in every version the CLI has written (bundle/direct/dstate):
 * 0 (no `state_version`) and 1 keep permissions as `permissions: [{permission_level…}]` and
 * grants as `grants: […]`, which version 2 moved under `__embed__` (with `level`); version 3
 * adds `features`, which CLIs that do not know a listed feature refuse. A write-ahead log
 * (`resources.json.wal`: a header line, then `{"k": key, "v": entry}` lines, no `v` for a
 * deletion) left by an interrupted deploy is replayed as the CLI replays it.
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import { EMPTY_STATE, type DeploymentState, type StateEngine, type StateEntry } from './model.js';

export interface StateFile {
  engine: StateEngine;
  where: 'local' | 'remote';
  /** The file's text; a file that does not exist is not passed. */
  text: string;
  /** The direct engine's write-ahead log beside it, if one was left. */
  wal?: string;
}

/** The highest direct state version any Databricks CLI has written (read from its newest source). */
export const NEWEST_DIRECT_STATE_VERSION = 3;

interface ParsedState {
  file: StateFile;
  serial: number;
  lineage: string;
  entries: Record<string, StateEntry>;
}

const FILE_NAMES: Readonly<Record<StateEngine, string>> = { direct: 'resources.json', terraform: 'terraform.tfstate' };

/** Terraform resource types of the bundle resource groups (bundle/terraform_dabs_map), whose `id` the guard reads. */
const TERRAFORM_GROUPS: Readonly<Record<string, string>> = {
  databricks_job: 'jobs',
  databricks_pipeline: 'pipelines',
  databricks_dashboard: 'dashboards',
  databricks_alert_v2: 'alerts',
  databricks_app: 'apps',
  databricks_catalog: 'catalogs',
  databricks_cluster: 'clusters',
  databricks_database_instance: 'database_instances',
  databricks_mlflow_experiment: 'experiments',
  databricks_mlflow_model: 'models',
  databricks_model_serving: 'model_serving_endpoints',
  databricks_registered_model: 'registered_models',
  databricks_quality_monitor: 'quality_monitors',
  databricks_schema: 'schemas',
  databricks_volume: 'volumes',
  databricks_secret_scope: 'secret_scopes',
  databricks_sql_endpoint: 'sql_warehouses',
};

/** `databricks_permissions` names, e.g. `job_ingest` → `resources.jobs.ingest.permissions`. */
const PERMISSION_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['job_', 'jobs'],
  ['pipeline_', 'pipelines'],
  ['dashboard_', 'dashboards'],
];

/**
 * `recordedIds`: ids the server-side deployment metadata records for this target, by state
 * key; like metadata.json's and dataops-ids.json's, a second opinion when the state is gone.
 */
export function chooseDeploymentState(files: readonly StateFile[], metadataText?: string, recordedIds: Readonly<Record<string, string>> = {}, deployedIdsText?: string): DeploymentState {
  const warnings: string[] = [];
  const parsed: ParsedState[] = [];
  for (const file of files) {
    try {
      parsed.push(parseStateFile(file, warnings));
    } catch (error) {
      warnings.push(`${describe(file)} is not a deployment state the guard can read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const metadataIds = {
    ...recordedIds,
    ...(deployedIdsText === undefined ? {} : parseDeployedIds(deployedIdsText, warnings)),
    ...(metadataText === undefined ? {} : parseMetadataIds(metadataText, warnings)),
  };
  // Stable sort: on equal serials the later, preferred, kind of file stays last (as the CLI orders them).
  const order = (p: ParsedState): number => ['terraform', 'direct'].indexOf(p.file.engine) * 2 + (p.file.where === 'local' ? 1 : 0);
  parsed.sort((a, b) => a.serial - b.serial || order(a) - order(b));
  const winner = parsed.at(-1);
  if (!winner) return { ...EMPTY_STATE, metadataIds, warnings };
  if (new Set(parsed.map((p) => p.lineage)).size > 1) {
    warnings.push(`the state files disagree on their lineage (${parsed.map(describe).join(', ')}): the Databricks CLI will refuse to deploy`);
  }
  return {
    engine: winner.file.engine,
    source: `${describe(winner)} (serial ${winner.serial})`,
    serial: winner.serial,
    entries: winner.entries,
    metadataIds,
    warnings,
  };
}

function describe(item: StateFile | ParsedState): string {
  const file = 'file' in item ? item.file : item;
  return `${file.where} ${FILE_NAMES[file.engine]}`;
}

function parseStateFile(file: StateFile, warnings: string[]): ParsedState {
  const data = JSON.parse(file.text) as JsonValue;
  if (!isObject(data)) throw new Error('not a JSON object');
  let serial = typeof data.serial === 'number' ? data.serial : 0;
  const lineage = typeof data.lineage === 'string' ? data.lineage : '';
  if (file.engine === 'terraform') return { file, serial, lineage, entries: terraformEntries(data) };
  const version = typeof data.state_version === 'number' ? data.state_version : 0;
  if (version > NEWEST_DIRECT_STATE_VERSION) throw new Error(`state version ${version} is newer than any the Databricks CLI has written (${NEWEST_DIRECT_STATE_VERSION})`);
  const features = isObject(data.features) ? Object.keys(data.features) : [];
  if (features.length > 0) warnings.push(`${describe(file)} needs state features ${features.join(', ')}: a CLI that lacks them refuses to deploy (upgrade it)`);
  const entries = directEntries(data.state, version);
  if (file.wal !== undefined) serial = replayWal(file.wal, { serial, lineage, entries }, warnings, describe(file));
  return { file, serial, lineage, entries };
}

function directEntries(state: JsonValue | undefined, version: number): Record<string, StateEntry> {
  if (!isObject(state)) return {};
  const entries: Record<string, StateEntry> = {};
  for (const [key, value] of Object.entries(state)) {
    const entry = directEntry(key, value, version);
    if (entry) entries[key] = entry;
  }
  return entries;
}

function directEntry(key: string, value: JsonValue, version: number): StateEntry | undefined {
  if (!isObject(value) || typeof value.__id__ !== 'string') return undefined;
  const settings = version < 2 ? migratedToV2(key, value.state ?? null) : (value.state ?? null);
  const etag = isObject(settings) && typeof settings.etag === 'string' ? settings.etag : undefined;
  return { id: value.__id__, state: settings, ...(etag ? { etag } : {}) };
}

/** Versions 0 and 1 kept permissions and grants in lists of their own; version 2 embeds them. */
function migratedToV2(key: string, settings: JsonValue): JsonValue {
  if (!isObject(settings)) return settings;
  if (key.endsWith('.permissions') && Array.isArray(settings.permissions)) {
    const { permissions, ...rest } = settings;
    const embedded = permissions.map((p) => {
      if (!isObject(p)) return p;
      const { permission_level: level, ...principal } = p;
      return level === undefined ? principal : { level, ...principal };
    });
    return { ...rest, __embed__: embedded };
  }
  if (key.endsWith('.grants') && Array.isArray(settings.grants)) {
    const { grants, ...rest } = settings;
    return { ...rest, __embed__: grants };
  }
  return settings;
}

/**
 * Applies a write-ahead log as the CLI does when it opens the state: only a log whose
 * header carries the same lineage and the next serial counts (an older one is stale).
 * Returns the serial the state has after it.
 */
function replayWal(text: string, state: { serial: number; lineage: string; entries: Record<string, StateEntry> }, warnings: string[], where: string): number {
  const [headerLine, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  if (headerLine === undefined) return state.serial;
  const header = JSON.parse(headerLine) as JsonValue;
  if (!isObject(header) || typeof header.serial !== 'number') throw new Error('its write-ahead log has no header');
  if (state.lineage !== '' && header.lineage !== state.lineage) throw new Error(`its write-ahead log belongs to lineage ${String(header.lineage)}`);
  if (header.serial < state.serial + 1) return state.serial;
  if (header.serial > state.serial + 1) throw new Error(`its write-ahead log (serial ${header.serial}) is ahead of the state (serial ${state.serial})`);
  const version = typeof header.state_version === 'number' ? header.state_version : NEWEST_DIRECT_STATE_VERSION;
  let skipped = 0;
  for (const line of lines) {
    let record: JsonValue;
    try {
      record = JSON.parse(line) as JsonValue;
    } catch {
      skipped++;
      continue;
    }
    if (!isObject(record) || typeof record.k !== 'string') continue;
    const entry = record.v === undefined || record.v === null ? undefined : directEntry(record.k, record.v, version);
    if (entry) state.entries[record.k] = entry;
    else delete state.entries[record.k];
  }
  if (skipped > 0) warnings.push(`${where}: ${skipped} lines of its write-ahead log are not JSON and were skipped, as the CLI skips them`);
  warnings.push(`${where} has a write-ahead log from an interrupted deploy: read with it, as the next deploy will`);
  return header.serial;
}

function terraformEntries(data: Record<string, JsonValue>): Record<string, StateEntry> {
  if (data.version !== 4) throw new Error(`terraform state version ${String(data.version)} (the CLI reads version 4)`);
  const entries: Record<string, StateEntry> = {};
  for (const resource of Array.isArray(data.resources) ? data.resources : []) {
    if (!isObject(resource) || resource.mode !== 'managed' || typeof resource.name !== 'string' || typeof resource.type !== 'string') continue;
    const key = terraformKey(resource.type, resource.name);
    const attributes = Array.isArray(resource.instances) && isObject(resource.instances[0]) ? resource.instances[0].attributes : undefined;
    if (key === undefined || !isObject(attributes) || typeof attributes.id !== 'string') continue;
    entries[key] = { id: attributes.id, ...(typeof attributes.etag === 'string' ? { etag: attributes.etag } : {}) };
  }
  return entries;
}

function terraformKey(type: string, name: string): string | undefined {
  const group = TERRAFORM_GROUPS[type];
  if (group) return `resources.${group}.${name}`;
  if (type !== 'databricks_permissions') return undefined;
  const prefix = PERMISSION_PREFIXES.find(([p]) => name.startsWith(p));
  return prefix ? `resources.${prefix[1]}.${name.slice(prefix[0].length)}.permissions` : undefined;
}

/** metadata.json: `config.resources.<type>.<key>.id`. */
function parseMetadataIds(text: string, warnings: string[]): Record<string, string> {
  const ids: Record<string, string> = {};
  try {
    const data = JSON.parse(text) as JsonValue;
    const resources = isObject(data) && isObject(data.config) ? data.config.resources : undefined;
    if (!isObject(resources)) return ids;
    for (const [type, group] of Object.entries(resources)) {
      if (!isObject(group)) continue;
      for (const [key, value] of Object.entries(group)) {
        if (isObject(value) && typeof value.id === 'string' && value.id !== '') ids[`resources.${type}.${key}`] = value.id;
      }
    }
  } catch (error) {
    warnings.push(`metadata.json is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return ids;
}

/**
 * `dataops-ids.json` beside the deployment state: the id of every resource a `dataops deploy`
 * deployed, by state key. The CLI's metadata.json keeps ids of jobs, pipelines and dashboards
 * only; this keeps them for every type, so a lost state still tells this target's own objects
 * (untracked) from hand-made ones.
 */
export const DEPLOYED_IDS_FILE = 'dataops-ids.json';

export function deployedIdsText(resources: ReadonlyArray<{ type: string; key: string; id: string | null }>): string {
  const ids = Object.fromEntries(resources.flatMap((r) => (r.id ? [[`resources.${r.type}.${r.key}`, r.id]] : [])));
  return `${JSON.stringify({ version: 1, ids }, null, 2)}\n`;
}

export function parseDeployedIds(text: string, warnings: string[]): Record<string, string> {
  try {
    const data = JSON.parse(text) as JsonValue;
    const ids = isObject(data) && isObject(data.ids) ? data.ids : {};
    return Object.fromEntries(Object.entries(ids).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch (error) {
    warnings.push(`${DEPLOYED_IDS_FILE} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return {};
  }
}
