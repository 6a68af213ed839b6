/**
 * Reads the deployment state files of a bundle target and picks the one the next
 * `databricks bundle deploy` will use, as the CLI does (bundle/statemgmt/state_pull.go):
 * every state found (direct `resources.json`, terraform `terraform.tfstate`, local and
 * remote), the highest serial wins, and all must share one lineage.
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../rules/config.js';
import { EMPTY_STATE, type DeploymentState, type StateEngine, type StateEntry } from './model.js';

export interface StateFile {
  engine: StateEngine;
  where: 'local' | 'remote';
  /** The file's text; a file that does not exist is not passed. */
  text: string;
}

interface ParsedState {
  file: StateFile;
  serial: number;
  lineage: string;
  entries: Record<string, StateEntry>;
}

const FILE_NAMES: Readonly<Record<StateEngine, string>> = { direct: 'resources.json', terraform: 'terraform.tfstate' };

/** Terraform resource types the guard and drift read, by resource group. */
const TERRAFORM_GROUPS: Readonly<Record<string, string>> = {
  databricks_job: 'jobs',
  databricks_pipeline: 'pipelines',
  databricks_dashboard: 'dashboards',
};

/** `databricks_permissions` names, e.g. `job_ingest` → `resources.jobs.ingest.permissions`. */
const PERMISSION_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['job_', 'jobs'],
  ['pipeline_', 'pipelines'],
  ['dashboard_', 'dashboards'],
];

export function chooseDeploymentState(files: readonly StateFile[], metadataText?: string): DeploymentState {
  const warnings: string[] = [];
  const parsed: ParsedState[] = [];
  for (const file of files) {
    try {
      parsed.push(parseStateFile(file));
    } catch (error) {
      warnings.push(`${describe(file)} is not a deployment state the guard can read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const metadataIds = metadataText === undefined ? {} : parseMetadataIds(metadataText, warnings);
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

function parseStateFile(file: StateFile): ParsedState {
  const data = JSON.parse(file.text) as JsonValue;
  if (!isObject(data)) throw new Error('not a JSON object');
  const serial = typeof data.serial === 'number' ? data.serial : 0;
  const lineage = typeof data.lineage === 'string' ? data.lineage : '';
  const entries = file.engine === 'direct' ? directEntries(data.state) : terraformEntries(data);
  return { file, serial, lineage, entries };
}

function directEntries(state: JsonValue | undefined): Record<string, StateEntry> {
  if (!isObject(state)) return {};
  const entries: Record<string, StateEntry> = {};
  for (const [key, value] of Object.entries(state)) {
    if (!isObject(value) || typeof value.__id__ !== 'string') continue;
    const settings = value.state ?? null;
    const etag = isObject(settings) && typeof settings.etag === 'string' ? settings.etag : undefined;
    entries[key] = { id: value.__id__, state: settings, ...(etag ? { etag } : {}) };
  }
  return entries;
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
