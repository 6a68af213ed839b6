/**
 * What removing another person's sandbox means without the Databricks CLI (which destroys
 * only its own user's deployments): delete each resource its deployment state records,
 * then its root folder. Types the workspace client cannot delete are left, with the folder,
 * for a person to look at.
 */
import type { DeploymentState } from '../guard/model.js';

export type RemovableType = 'jobs' | 'pipelines' | 'dashboards';
const REMOVABLE: readonly string[] = ['jobs', 'pipelines', 'dashboards'];

export interface StateResource {
  type: string;
  key: string;
  id: string;
}

export interface Teardown {
  remove: Array<StateResource & { type: RemovableType }>;
  /** Resources of types dataops does not delete (schemas, volumes, models…). */
  leave: StateResource[];
}

/** The top-level resources of a state (`resources.<type>.<key>`; permissions and grants go with them). */
export function planTeardown(state: DeploymentState): Teardown {
  const ids = { ...state.metadataIds, ...Object.fromEntries(Object.entries(state.entries).map(([k, e]) => [k, e.id])) };
  const teardown: Teardown = { remove: [], leave: [] };
  for (const [stateKey, id] of Object.entries(ids).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = stateKey.split('.');
    if (parts.length !== 3 || parts[0] !== 'resources') continue;
    const [, type = '', key = ''] = parts;
    if (REMOVABLE.includes(type)) teardown.remove.push({ type: type as RemovableType, key, id });
    else teardown.leave.push({ type, key, id });
  }
  return teardown;
}
