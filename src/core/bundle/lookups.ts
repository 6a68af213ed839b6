/**
 * Variables that take their value from the workspace (`lookup: {warehouse: "Shared"}`): which
 * of a resolved target's are still open, and resolving them as the CLI's
 * ResolveLookupVariables does, by name, with its words when a name matches nothing or more
 * than one object. The workspace is a capability passed in; offline, the open lookups are
 * what the commands must say they could not resolve.
 */
import type { ConfigPath, Diagnostic, JsonObject, Location, ResolvedTarget } from './model.js';

/** Every lookup kind of the pinned CLI (bundle/config/variable/lookup.go). */
export const LOOKUP_KINDS = [
  'alert',
  'cluster_policy',
  'cluster',
  'dashboard',
  'instance_pool',
  'job',
  'metastore',
  'notification_destination',
  'pipeline',
  'query',
  'service_principal',
  'warehouse',
] as const;

export type LookupKind = (typeof LOOKUP_KINDS)[number];

export interface PendingLookup {
  variable: string;
  kind: LookupKind;
  name: string;
  /** Whether the configuration uses the variable (outside `variables`), i.e. the output has `${var.<name>}` left in it. */
  referenced: boolean;
  location: Location | undefined;
}

/** The workspace, for lookups: the ids of the objects of a kind that carry exactly this name. */
export interface LookupDirectory {
  idsNamed(kind: LookupKind, name: string): Promise<string[]>;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The lookups of a resolved target that have no value yet, in the order the variables are written. */
export function pendingLookups(target: ResolvedTarget): PendingLookup[] {
  const variables = target.config.variables;
  if (!isObject(variables)) return [];
  // The rest of the configuration as text, made only for a bundle that has a pending lookup: most have none.
  let used: string | undefined;
  const usedText = (): string => {
    if (used === undefined) {
      const { variables: _omitted, ...rest } = target.config;
      used = JSON.stringify(rest);
    }
    return used;
  };
  const out: PendingLookup[] = [];
  for (const [variable, spec] of Object.entries(variables)) {
    if (!isObject(spec) || !isObject(spec.lookup) || (spec.value !== undefined && spec.value !== null)) continue;
    const [kind, name] = Object.entries(spec.lookup).find(([k, v]) => (LOOKUP_KINDS as readonly string[]).includes(k) && typeof v === 'string' && v !== '') ?? [];
    if (kind === undefined || typeof name !== 'string') continue;
    const path: ConfigPath = ['variables', variable, 'lookup'];
    const referenced = new RegExp(`\\$\\{var\\.${variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(usedText());
    out.push({ variable, kind: kind as LookupKind, name, referenced, location: target.locate(path) });
  }
  return out;
}

/**
 * What an offline command says about the lookups its targets use and it could not resolve,
 * one line per variable (and place), whatever the number of targets.
 */
export function offlineLookupWarnings(targets: readonly ResolvedTarget[]): string[] {
  const lines = new Set<string>();
  for (const target of targets) {
    for (const lookup of pendingLookups(target).filter((l) => l.referenced)) {
      const at = lookup.location ? ` (${lookup.location.file}:${lookup.location.line})` : '';
      lines.add(
        `variable ${lookup.variable} is looked up in the workspace (${lookup.kind}: ${lookup.name})${at}, which an offline check does not ask: \${var.${lookup.variable}} stays unresolved; dataops guard, plan, deploy and verify resolve it with the workspace, BUNDLE_VAR_${lookup.variable} gives it a value here`,
      );
    }
  }
  return [...lines];
}

/** The SDK's GetByName type names, which its errors print (and so the CLI's). */
const SDK_TYPE: Partial<Record<LookupKind, string>> = {
  alert: 'ListAlertsResponseAlert',
  cluster_policy: 'Policy',
  instance_pool: 'InstancePoolAndStats',
  job: 'BaseJob',
  pipeline: 'PipelineStateInfo',
  query: 'ListQueryObjectsResponseQuery',
  warehouse: 'EndpointInfo',
};

/** Why a name resolves to no object, or to several, in the CLI's words for that kind. */
function ambiguity(kind: LookupKind, name: string, count: number): string {
  const q = JSON.stringify(name);
  const sdk = SDK_TYPE[kind];
  if (sdk) return count === 0 ? `${sdk} named '${name}' does not exist` : `there are ${count} instances of ${sdk} named '${name}'`;
  switch (kind) {
    case 'cluster':
      return count === 0 ? `cluster named '${name}' does not exist` : `there are ${count} instances of clusters named '${name}'`;
    case 'dashboard':
      return count === 0 ? `dashboard name '${name}' does not exist` : `there are ${count} instances of dashboards named '${name}'`;
    case 'metastore':
      return count === 0 ? `metastore named ${q} does not exist` : `there are ${count} instances of metastores named ${q}`;
    case 'notification_destination':
      return count === 0 ? `notification destination named ${q} does not exist` : `there are ${count} instances of clusters named ${q}`;
    default:
      return count === 0 ? `service principal named ${q} does not exist` : `multiple service principals found with display name ${q}`;
  }
}

export interface LookupResolution {
  /** Variable values to resolve the target again with (lookups come after --var and BUNDLE_VAR_, which they never override). */
  values: Array<[string, string]>;
  /** Names that match no object or several: the target's errors, in the CLI's words. */
  errors: Diagnostic[];
  /** Lookups the workspace did not answer (network, permissions): nothing can be said about them. */
  unanswered: Array<{ lookup: PendingLookup; reason: string }>;
}

/** How a lookup is named to the user: the variable and what it looks up. */
export function describeLookup(lookup: PendingLookup): string {
  return `variable ${lookup.variable} (${lookup.kind}: ${lookup.name})`;
}

/** Resolves every pending lookup against the workspace; a name that matches no object or several is an error. */
export async function resolveLookups(pending: readonly PendingLookup[], directory: LookupDirectory): Promise<LookupResolution> {
  type Answer = { lookup: PendingLookup; ids: string[] } | { lookup: PendingLookup; reason: string };
  const answers = await Promise.all(
    pending.map(async (lookup): Promise<Answer> => {
      try {
        return { lookup, ids: await directory.idsNamed(lookup.kind, lookup.name) };
      } catch (error) {
        return { lookup, reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const resolution: LookupResolution = { values: [], errors: [], unanswered: [] };
  for (const answer of answers) {
    const { lookup } = answer;
    if (!('ids' in answer)) {
      resolution.unanswered.push({ lookup, reason: answer.reason });
      continue;
    }
    const [id] = answer.ids;
    if (answer.ids.length === 1 && id !== undefined) {
      resolution.values.push([lookup.variable, id]);
      continue;
    }
    resolution.errors.push({
      severity: 'error',
      summary: `failed to resolve ${lookup.kind}: ${lookup.name}, err: ${ambiguity(lookup.kind, lookup.name, answer.ids.length)}`,
      detail: `${describeLookup(lookup)} takes its value from the workspace, which has ${answer.ids.length === 0 ? 'no' : answer.ids.length} ${lookup.kind} of that name; name exactly one, or give the variable a value (--var ${lookup.variable}=…)`,
      locations: lookup.location ? [lookup.location] : [],
      paths: [],
    });
  }
  return resolution;
}
