/**
 * The checks of `dataops verify` on one resource: each compares what the bundle resolved
 * (`databricks bundle summary`) with what the workspace has. Pure: the objects are passed in.
 */
import type { JsonObject, JsonValue } from '../bundle/model.js';
import { compareSettings, type FieldChange } from '../drift/compare.js';
import { comparePermissions } from '../drift/permissions.js';
import { isObject } from '../bundle/config-values.js';
import type { BundleDeployment, ObjectPermissions, PublishedDashboard, Warehouse } from '../workspace-api.js';

/** One line of the report: a check on a resource, and what it found. */
export interface VerifyCheck {
  /** `jobs.nightly_sales` */
  resource: string;
  check: 'deployed' | 'owned' | 'settings' | 'configuration' | 'published' | 'warehouse' | 'permissions';
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** The job settings verify holds the workspace to: the name, when it runs, who hears about failures. */
export const JOB_FIELDS = ['name', 'schedule', 'trigger', 'continuous', 'email_notifications', 'webhook_notifications', 'notification_settings'] as const;
/** The pipeline settings: where it writes, what it is given, how it runs. */
export const PIPELINE_FIELDS = ['name', 'catalog', 'schema', 'target', 'configuration', 'development', 'continuous', 'serverless', 'photon', 'channel', 'edition'] as const;

/** Fields of `expected` (the bundle) that differ in `actual` (the workspace), including ones the workspace has on top. */
export function settingsDifferences(expected: JsonObject, actual: JsonValue, fields: readonly string[]): string[] {
  const pick = (value: JsonValue): JsonObject => (isObject(value) ? Object.fromEntries(fields.filter((f) => value[f] !== undefined).map((f) => [f, value[f] as JsonValue])) : {});
  return compareSettings(pick(expected), pick(actual), () => false).map(describeChange);
}

function describeChange(change: FieldChange): string {
  if (change.deployed === undefined) return `${change.path} is set in the workspace (${show(change.actual)}) but not in the bundle`;
  if (change.actual === undefined) return `${change.path} is missing in the workspace (the bundle sets ${show(change.deployed)})`;
  return `${change.path} is ${show(change.actual)} in the workspace, the bundle says ${show(change.deployed)}`;
}

function show(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Jobs and pipelines deployed by a bundle carry its deployment mark, pointing at the target's state. */
export function ownershipProblem(deployment: BundleDeployment | undefined, statePath: string | undefined): string | null {
  if (deployment?.kind !== 'BUNDLE') return 'not deployed by a bundle (no deployment mark): made or replaced by hand';
  const expected = statePath ? `${statePath}/metadata.json` : undefined;
  if (expected && deployment.metadata_file_path !== expected) return `deployed by another bundle or target (${deployment.metadata_file_path ?? 'no metadata path'})`;
  return null;
}

/** Dashboards carry no mark: one of this deployment lives in the target's resource folder. */
export function dashboardPlaceProblem(expectedParent: string | undefined, actualParent: string): string | null {
  const folder = (p: string): string => p.replace(/^\/Workspace\//, '/');
  if (expectedParent === undefined || folder(expectedParent) === folder(actualParent)) return null;
  return `in ${actualParent}, not in this deployment's folder ${expectedParent}`;
}

/**
 * Grants the bundle gives (after the CLI added the owner) against the object's direct grants.
 * An owner the bundle does not name is the service's doing (dashboards get one), not a change.
 */
export function permissionDifferences(expected: JsonValue | undefined, acl: ObjectPermissions): string[] {
  const changes = comparePermissions({ __embed__: Array.isArray(expected) ? expected : [] }, acl);
  return changes.filter((c) => !(c.level === 'IS_OWNER' && c.change === 'granted in the workspace')).map((change) =>
    change.change === 'granted in the workspace'
      ? `${change.principal} has ${change.level} in the workspace, not in the bundle`
      : `${change.principal} lacks ${change.level}, which the bundle grants`,
  );
}

/** A published dashboard must run on a warehouse that exists and is up (or coming up). */
export function dashboardWarehouseProblem(expectedId: string | undefined, published: PublishedDashboard, warehouse: Warehouse | null): string | null {
  const id = published.warehouse_id;
  if (!id) return 'the published dashboard has no warehouse';
  if (expectedId && id !== expectedId) return `published on warehouse ${id}, the bundle says ${expectedId}`;
  if (!warehouse) return `its warehouse ${id} does not exist`;
  if (warehouse.state !== 'RUNNING' && warehouse.state !== 'STARTING') return `its warehouse ${warehouse.name} (${id}) is ${warehouse.state}`;
  return null;
}
