/**
 * The join a reviewer needs and the CLI cannot make: per resource, what the deploy will do
 * (from the CLI's own plan), which fields change and which of them force a recreate, the
 * workspace edits the deploy would silently overwrite, the guard's verdict, and what can hurt.
 */
import type { JsonValue } from '../bundle/model.js';
import type { CliChange, CliPlan, CliPlanEntry } from './cli-plan.js';
import { showValue } from './values.js';

export type PlanAction = 'create' | 'update' | 'rename' | 'recreate' | 'delete' | 'unchanged';
/** Most severe first: the order of the text and the comment. */
export const ACTION_ORDER: readonly PlanAction[] = ['delete', 'recreate', 'rename', 'update', 'create', 'unchanged'];

export type FlagKind = 'delete' | 'recreate' | 'rename' | 'permissions' | 'run_as' | 'drift' | 'guard' | 'production';

export interface Flag {
  kind: FlagKind;
  text: string;
}

export interface FieldChange {
  path: string;
  /** As shown: summarised when long, hidden when it may be a secret. */
  old: string;
  new: string;
  /** The CLI recreates the resource for this field (its recreate_on_changes tables). */
  forcesRecreate: boolean;
  /** The workspace's value, when someone changed it there since the last deploy: the deploy overwrites it. */
  overwrites?: string;
}

export interface GuardNote {
  verdict: string;
  summary: string;
}

export interface PlannedResource {
  /** `jobs.etl` */
  key: string;
  type: string;
  action: PlanAction;
  id?: string;
  changes: FieldChange[];
  flags: Flag[];
  guard?: GuardNote;
  /** The target's policy asks for an approval of this action. */
  needsApproval: boolean;
  approved: boolean;
}

export interface PlanInput {
  target: string;
  production: boolean;
  plan: CliPlan;
  /** Guard verdicts by `type.key`; absent when the guard did not run. */
  guard: ReadonlyMap<string, GuardNote> | undefined;
  /** Actions and flags that need an approval in this target. */
  gated: ReadonlySet<string>;
  /** Resource keys approved (`etl`, `jobs.etl` or `resources.jobs.etl`), or every one. */
  approved: ReadonlySet<string> | 'all';
}

export interface PlanSummary {
  create: number;
  update: number;
  rename: number;
  recreate: number;
  delete: number;
  unchanged: number;
  drifted: number;
  conflicts: number;
  awaitingApproval: number;
}

export interface PlanReport {
  target: string;
  production: boolean;
  cliVersion: string;
  lineage: string;
  serial: number;
  resources: PlannedResource[];
  summary: PlanSummary;
}

/** What the loss of a resource's identity costs, by type. */
const LOSSES: Readonly<Record<string, string>> = {
  jobs: 'its run history and its id: links, alerts and anything that calls it by id break',
  pipelines: 'its event log and update history; its tables are fully refreshed on the next update',
  dashboards: 'its id and links, its published version, schedules and subscriptions',
  schemas: 'every table, view and volume in it',
  volumes: 'the files in it (managed volumes)',
  registered_models: 'every model version',
  experiments: 'every run logged to it',
};
const NAME_FIELDS: Readonly<Record<string, string>> = { dashboards: 'display_name', apps: 'name' };
const CHILD = /^(resources\.[^.]+\.[^.]+)\.(permissions|grants)$/;

export function buildPlanReport(input: PlanInput): PlanReport {
  const groups = new Map<string, { main?: CliPlanEntry; children: Array<[string, CliPlanEntry]> }>();
  for (const [key, entry] of Object.entries(input.plan.entries)) {
    const child = CHILD.exec(key);
    const parent = child?.[1] ?? key;
    const group = groups.get(parent) ?? { children: [] };
    if (child) group.children.push([child[2] ?? '', entry]);
    else group.main = entry;
    groups.set(parent, group);
  }
  const moves = keyRenames(input.plan);
  const resources = [...groups.entries()]
    .map(([key, group]) => planned(key.replace(/^resources\./, ''), group.main, group.children, input, moves.get(key)))
    .sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || a.key.localeCompare(b.key));
  return {
    target: input.target,
    production: input.production,
    cliVersion: input.plan.cliVersion,
    lineage: input.plan.lineage,
    serial: input.plan.serial,
    resources,
    summary: summarise(resources),
  };
}

/**
 * A key renamed in the YAML is, to the CLI, a delete of the old key and a create of the new:
 * paired here by type and name, so the reviewer sees one move that loses the resource's identity.
 */
function keyRenames(plan: CliPlan): Map<string, Flag> {
  const moves = new Map<string, Flag>();
  const typeOf = (key: string): string => key.split('.')[1] ?? '';
  const entries = Object.entries(plan.entries).filter(([key]) => !CHILD.test(key));
  for (const [deleted, gone] of entries.filter(([, e]) => e.action === 'delete' && e.names.current)) {
    const created = entries.find(([key, e]) => e.action === 'create' && typeOf(key) === typeOf(deleted) && e.names.wanted === gone.names.current);
    if (!created) continue;
    const [from, to] = [deleted.replace(/^resources\./, ''), created[0].replace(/^resources\./, '')];
    moves.set(deleted, { kind: 'rename', text: `its key was renamed to ${to}: the CLI deletes it and creates ${to} under the same name` });
    moves.set(created[0], { kind: 'rename', text: `the key ${from} renamed: created anew under the same name, without ${from}'s history or id` });
  }
  return moves;
}

function planned(key: string, main: CliPlanEntry | undefined, children: ReadonlyArray<readonly [string, CliPlanEntry]>, input: PlanInput, moved: Flag | undefined): PlannedResource {
  const type = key.split('.')[0] ?? '';
  const nameField = NAME_FIELDS[type] ?? 'name';
  const changes: FieldChange[] = [];
  const collect = (prefix: string, entry: CliPlanEntry): void => {
    for (const [path, change] of Object.entries(entry.changes)) {
      if (change.action === 'skip') continue;
      changes.push(fieldChange(prefix ? `${prefix}${path.startsWith('[') ? '' : '.'}${path}` : path, change));
    }
  };
  if (main) collect('', main);
  for (const [kind, entry] of children) if (entry.action !== 'skip') collect(kind, entry);

  const childChanged = children.some(([, entry]) => entry.action !== 'skip');
  const action = actionOf(main, changes, nameField, childChanged);
  const flags: Flag[] = [];
  const loses = LOSSES[type] ?? 'the object and its id';
  if (action === 'delete') flags.push({ kind: 'delete', text: main?.gone ? 'deleted from the state only: it is already gone from the workspace' : `deleted from the workspace; it loses ${loses}` });
  if (action === 'recreate') {
    const why = changes.filter((c) => c.forcesRecreate).map((c) => c.path);
    flags.push({ kind: 'recreate', text: `deleted and created again${why.length > 0 ? ` because ${why.join(', ')} cannot change in place` : ''}; it loses ${loses}` });
  }
  if (action === 'rename') flags.push({ kind: 'rename', text: 'renamed: links, alerts and anything that finds it by name must follow' });
  if (moved) flags.push(moved);
  if (changes.some((c) => /^(permissions|grants)\b/.test(c.path)) || childChanged) flags.push({ kind: 'permissions', text: 'who may see, run or manage it changes' });
  if (changes.some((c) => /^run_as\b/.test(c.path))) flags.push({ kind: 'run_as', text: 'the identity it runs as changes' });
  const drifted = changes.filter((c) => c.overwrites !== undefined);
  if (drifted.length > 0) flags.push({ kind: 'drift', text: `overwrites what was changed in the workspace since the last deploy: ${drifted.map((c) => c.path).join(', ')}` });
  const guard = input.guard?.get(key);
  if (guard?.verdict === 'conflict') flags.push({ kind: 'guard', text: guard.summary });
  if (input.production && action !== 'unchanged') flags.push({ kind: 'production', text: `in production target ${input.target}` });

  const needsApproval = action !== 'unchanged' && (input.gated.has(action) || flags.some((f) => input.gated.has(f.kind)));
  const approved = needsApproval && (input.approved === 'all' || isApproved(key, input.approved));
  return { key, type, action, ...(main?.id ? { id: main.id } : {}), changes, flags, ...(guard ? { guard } : {}), needsApproval, approved };
}

function actionOf(main: CliPlanEntry | undefined, changes: readonly FieldChange[], nameField: string, childChanged: boolean): PlanAction {
  switch (main?.action) {
    case 'create':
    case 'recreate':
    case 'delete':
      return main.action;
    case 'update_id':
      return 'rename';
    case 'update':
    case 'resize':
      return changes.some((c) => c.path === nameField) ? 'rename' : 'update';
    default:
      return childChanged ? 'update' : 'unchanged';
  }
}

function fieldChange(path: string, change: CliChange): FieldChange {
  const view: FieldChange = { path, old: showValue(path, change.old), new: showValue(path, change.new), forcesRecreate: change.action === 'recreate' };
  // The only reason to touch a field the configuration left as deployed is that the workspace moved.
  const remoteMoved = 'remote' in change && !same(change.remote, change.old);
  if (remoteMoved || (same(change.old, change.new) && 'old' in change)) view.overwrites = showValue(path, change.remote);
  return view;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** `etl`, `jobs.etl` and `resources.jobs.etl` all name the job `etl` (as guard.allow does). */
export function isApproved(key: string, approved: ReadonlySet<string>): boolean {
  const short = key.slice(key.indexOf('.') + 1);
  return approved.has(key) || approved.has(short) || approved.has(`resources.${key}`);
}

function summarise(resources: readonly PlannedResource[]): PlanSummary {
  const count = (action: PlanAction): number => resources.filter((r) => r.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    rename: count('rename'),
    recreate: count('recreate'),
    delete: count('delete'),
    unchanged: count('unchanged'),
    drifted: resources.filter((r) => r.flags.some((f) => f.kind === 'drift')).length,
    conflicts: resources.filter((r) => r.guard?.verdict === 'conflict').length,
    awaitingApproval: resources.filter((r) => r.needsApproval && !r.approved).length,
  };
}

/** 0: safe to deploy as planned; 1: a guard conflict or an action waiting for approval. */
export function planExitCode(report: PlanReport): 0 | 1 {
  return report.summary.conflicts + report.summary.awaitingApproval > 0 ? 1 : 0;
}

export function hasChanges(report: PlanReport): boolean {
  return report.resources.some((r) => r.action !== 'unchanged');
}
