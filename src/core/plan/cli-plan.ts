/**
 * The plan the Databricks CLI prints with `databricks bundle plan -o json` (direct engine)
 * and reads back with `bundle deploy --plan`: bundle/deployplan/plan.go, plan_version 2 from
 * v1.12.1 to the newest source read. Keys are `resources.<type>.<key>`, with permissions and
 * grants as child entries (`resources.jobs.etl.permissions`). Each change carries the action
 * the CLI decided for that field from its resource tables (bundle/direct/dresources/
 * resources.yml: `recreate_on_changes`, ignore and default rules), so which field forces a
 * recreate is the CLI's own answer, read here rather than guessed.
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';

/** The plan versions this reader understands (deployplan.currentPlanVersion). */
export const PLAN_VERSIONS: readonly number[] = [2];

export type CliAction = 'skip' | 'resize' | 'update' | 'update_id' | 'create' | 'recreate' | 'delete';
const CLI_ACTIONS: ReadonlySet<string> = new Set<CliAction>(['skip', 'resize', 'update', 'update_id', 'create', 'recreate', 'delete']);

export interface CliChange {
  action: CliAction;
  reason?: string;
  /** As last deployed (the state). */
  old?: JsonValue;
  /** As the configuration wants it. */
  new?: JsonValue;
  /** As the workspace has it now. */
  remote?: JsonValue;
}

export interface CliPlanEntry {
  id?: string;
  action: CliAction;
  /** A delete of something already gone from the workspace: only the state entry goes. */
  gone?: boolean;
  changes: Readonly<Record<string, CliChange>>;
  /** `name` (or `display_name`) as the configuration wants it and as the workspace has it. */
  names: { wanted?: string; current?: string };
}

export interface CliPlan {
  planVersion: number;
  cliVersion: string;
  lineage: string;
  serial: number;
  entries: Readonly<Record<string, CliPlanEntry>>;
}

export type ParsedPlan = { ok: true; plan: CliPlan } | { ok: false; problem: string };

/** Reads the CLI's JSON; `problem` says what is wrong in words a user can act on. */
export function parseCliPlan(text: string): ParsedPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the output is not JSON' };
  }
  if (!isObject(data as JsonValue)) return { ok: false, problem: 'the output is not a JSON object' };
  const doc = data as Record<string, JsonValue>;
  const version = typeof doc.plan_version === 'number' ? doc.plan_version : 0;
  if (!PLAN_VERSIONS.includes(version)) {
    return {
      ok: false,
      problem:
        version === 0
          ? 'the plan has no plan_version: it comes from the terraform engine, which dataops plan does not read (set bundle.engine: direct)'
          : `plan_version ${version} is not one this dataops reads (${PLAN_VERSIONS.join(', ')})`,
    };
  }
  const entries: Record<string, CliPlanEntry> = {};
  const plan = isObject(doc.plan ?? null) ? (doc.plan as Record<string, JsonValue>) : {};
  for (const [key, value] of Object.entries(plan)) {
    if (!isObject(value)) return { ok: false, problem: `plan entry ${key} is not an object` };
    const action = actionOf(value.action);
    if (!action) return { ok: false, problem: `plan entry ${key} has an unknown action ${JSON.stringify(value.action ?? null)}` };
    const changes: Record<string, CliChange> = {};
    for (const [field, change] of Object.entries(isObject(value.changes ?? null) ? (value.changes as Record<string, JsonValue>) : {})) {
      if (!isObject(change)) continue;
      changes[field] = {
        action: actionOf(change.action) ?? 'update',
        ...(typeof change.reason === 'string' ? { reason: change.reason } : {}),
        ...('old' in change ? { old: change.old } : {}),
        ...('new' in change ? { new: change.new } : {}),
        ...('remote' in change ? { remote: change.remote } : {}),
      };
    }
    const id = idOf(value);
    const wanted = isObject(value.new_state ?? null) ? nameOf((value.new_state as Record<string, JsonValue>).value) : undefined;
    const current = nameOf(value.remote_state);
    const names = { ...(wanted ? { wanted } : {}), ...(current ? { current } : {}) };
    entries[key] = { action, changes, names, ...(id ? { id } : {}), ...(value.gone === true ? { gone: true } : {}) };
  }
  return {
    ok: true,
    plan: {
      planVersion: version,
      cliVersion: typeof doc.cli_version === 'string' ? doc.cli_version : '',
      lineage: typeof doc.lineage === 'string' ? doc.lineage : '',
      serial: typeof doc.serial === 'number' ? doc.serial : 0,
      entries,
    },
  };
}

function nameOf(state: JsonValue | undefined): string | undefined {
  if (!isObject(state ?? null)) return undefined;
  const { name, display_name: displayName } = state as Record<string, JsonValue>;
  return typeof name === 'string' ? name : typeof displayName === 'string' ? displayName : undefined;
}

/** The workspace id: the entry's own, else what the remote state calls it (v1.12.1 prints no `id` for jobs). */
function idOf(entry: Record<string, JsonValue>): string | undefined {
  if (typeof entry.id === 'string' && entry.id !== '') return entry.id;
  const remote = entry.remote_state;
  if (!isObject(remote ?? null)) return undefined;
  const found = ['job_id', 'pipeline_id', 'dashboard_id', 'id'].map((field) => (remote as Record<string, JsonValue>)[field]).find((v) => typeof v === 'string' || typeof v === 'number');
  return found === undefined ? undefined : String(found);
}

function actionOf(value: JsonValue | undefined): CliAction | undefined {
  if (value === undefined || value === '') return 'skip';
  return typeof value === 'string' && CLI_ACTIONS.has(value) ? (value as CliAction) : undefined;
}
