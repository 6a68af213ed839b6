/**
 * What the guard reasons about: the bundle's named resources, the workspace objects that
 * carry the same names, and the deployment state that says which of them this target owns.
 */
import type { JsonValue, Location } from '../bundle/model.js';
import type { ResourceType } from './types.js';

/** A named resource of the resolved target, under its final name. */
export interface BundleResource {
  type: ResourceType;
  key: string;
  /** After presets: `[dev alice] ingest`. */
  name: string;
  /** Dashboards: the workspace path of the draft the deploy writes (`<parent_path>/<display_name>.lvdash.json`). */
  path?: string;
  /** The YAML that defines the resource. */
  location?: Location;
}

/** Set on jobs and pipelines by `databricks bundle deploy`. */
export interface DeploymentMark {
  kind: string;
  metadataFilePath?: string;
}

/** An object in the workspace, as far as the guard needs it. */
export interface WorkspaceObject {
  type: ResourceType;
  /** The id the deployment state would record for it (for some types, its name). */
  id: string;
  name: string;
  creator?: string;
  /** Milliseconds since the epoch; pipelines do not report one. */
  createdAt?: number;
  /** Where a person opens it; undefined for objects the UI has no page for (secret scopes). */
  url?: string;
  deployment?: DeploymentMark;
  /** Dashboards: the folder holding the draft (bundles put theirs in `workspace.resource_path`). */
  parentPath?: string;
}

/** One resource as the deployment state records it. */
export interface StateEntry {
  id: string;
  /** The settings as deployed (direct engine only). */
  state?: JsonValue;
  /** Dashboards: the etag at deploy time. */
  etag?: string;
}

export type StateEngine = 'direct' | 'terraform';

/** The state file a deploy would use, chosen as the Databricks CLI chooses it. */
export interface DeploymentState {
  /** null: no state anywhere, so the next deploy creates every resource. */
  engine: StateEngine | null;
  /** Where it was read, e.g. `remote resources.json (serial 3)`. */
  source: string;
  serial: number;
  /** By state key: `resources.jobs.ingest`, `resources.jobs.ingest.permissions`. */
  entries: Readonly<Record<string, StateEntry>>;
  /**
   * Ids this target's other records give by state key: metadata.json (jobs, pipelines,
   * dashboards) and the server-side deployment metadata (every type), a second opinion when
   * the state itself is gone.
   */
  metadataIds: Readonly<Record<string, string>>;
  /** Problems met while choosing (lineage mismatch, unreadable file). */
  warnings: string[];
}

export const EMPTY_STATE: DeploymentState = { engine: null, source: 'no deployment state', serial: 0, entries: {}, metadataIds: {}, warnings: [] };

/** `resources.jobs.ingest` */
export function stateKey(type: ResourceType, key: string): string {
  return `resources.${type}.${key}`;
}

/** What this target's deployment looks like in the workspace. */
export interface TargetPlaces {
  /** `workspace.root_path`: where this deployment lives. */
  rootPath: string;
  /** `workspace.state_path`: where metadata.json of this deployment lives. */
  statePath: string;
  /** `workspace.resource_path`: where the bundle puts its dashboards. */
  resourcePath: string;
}
