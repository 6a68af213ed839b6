/**
 * `${...}` interpolation, in rounds like the CLI: each round resolves references against
 * the configuration as it stood (missing fields read as their zero value, so
 * `${bundle.git.branch}` outside git is ""), then re-normalises, until nothing changes.
 * `${var.x}` reads `variables.x.value`. References outside the allowed prefixes (for
 * instance `${resources.jobs.x.id}`, known only after deployment) stay as written.
 */
import { Dyn, withoutEntry } from '../dyn/value.js';
import { getByPath, mapByPattern, pathHasPrefix, PathError, type Path, type PathPart, type PatternPart } from '../dyn/path.js';
import { merge } from '../dyn/merge.js';
import { ReferenceError, ResolveError, resolveReferences, SKIP } from '../dyn/resolve.js';
import { normalize, zeroValue } from '../convert/normalize.js';
import { childType, kindOf, ROOT_TYPE, type TypeRef } from '../schema/types.js';
import { addError, addWarning, hasErrors, type BundleState, type Mutator } from '../state.js';

const MAX_ROUNDS = 11;
const DEFAULT_PREFIXES = ['bundle', 'workspace', 'variables'];

interface InterpolationOptions {
  name: string;
  prefixes?: readonly string[];
  /** Only values matching this pattern are resolved (default: everything included). */
  pattern?: readonly PatternPart[];
  /** Resolve inside `resources` too (the CLI resolves them in a later step). */
  includeResources?: boolean;
  /** References the lookup may follow; others stay as written. */
  allowPath?: (path: Path) => boolean;
}

export function interpolate(options: InterpolationOptions): Mutator {
  const prefixes = (options.prefixes ?? DEFAULT_PREFIXES).map((p) => [p]);
  return {
    name: options.name,
    apply(state) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const updated = resolveOnce(state, options, prefixes);
        if (hasErrors(state) || !updated) return;
        if (round >= MAX_ROUNDS - 1) {
          addWarning(state, `Variables references are too deep, stopping resolution after ${round + 1} rounds. Unresolved variables may remain.`);
        }
      }
    },
  };
}

function resolveOnce(state: BundleState, options: InterpolationOptions, prefixes: readonly Path[]): boolean {
  const resources = state.root.get('resources');
  const included = options.includeResources || !resources ? state.root : withoutEntry(state.root, 'resources');
  const source = included;
  let updated = false;

  const lookup = (reference: Path): Dyn | typeof SKIP => {
    let path = reference;
    if (path[0] === 'var') path = ['variables', path[1] as string, 'value', ...path.slice(2)];
    if (!prefixes.some((p) => pathHasPrefix(path, p))) return SKIP;
    if (options.allowPath && !options.allowPath(path)) return SKIP;
    if (path[0] === 'variables' && isUnresolvedLookup(source, path[1] as string)) return SKIP;
    const value = getWithZeroFields(source, path);
    if (value instanceof PathError) throw value;
    updated = true;
    return value;
  };

  let resolved: Dyn;
  try {
    resolved = options.pattern ? mapByPattern(included, options.pattern, (p, v) => underPath(p, () => resolveReferences(v, lookup))) : resolveReferences(included, lookup);
  } catch (error) {
    reportResolveError(state, error);
    return false;
  }
  if (resolved === included) return updated;
  const normalized = normalize(ROOT_TYPE, resolved);
  state.diagnostics.push(...normalized.diagnostics);
  const next = normalized.value ?? Dyn.nil;
  const resourcesPair = state.root.entries.get('resources');
  state.root = included === state.root || !resourcesPair ? next : merge(next, Dyn.map(new Map([['resources', resourcesPair]])));
  return updated;
}

/**
 * The value at a path, where a field the configuration's types define but nobody set reads
 * as its zero value (as the CLI's lookups do: `${bundle.git.branch}` outside git is "").
 */
function getWithZeroFields(root: Dyn, path: Path): Dyn | PathError {
  let current = root;
  let type: TypeRef | undefined = ROOT_TYPE;
  for (let i = 0; i < path.length; i++) {
    const part = path[i] as PathPart;
    const fieldType: TypeRef | undefined = type === undefined ? undefined : childType(type, part);
    const next = typeof part === 'string' ? current.get(part) : current.index(part);
    if (next === undefined && typeof part === 'string' && current.kind === 'map' && type !== undefined && kindOf(type) === 'struct' && fieldType !== undefined) {
      const zero = zeroValue(fieldType);
      if (zero) {
        current = zero;
        type = fieldType;
        continue;
      }
    }
    if (next === undefined) return getByPath(root, path);
    current = next;
    type = fieldType;
  }
  return current;
}

/** A lookup variable has no value offline: references to it stay as written. */
function isUnresolvedLookup(source: Dyn, name: string): boolean {
  const variable = source.get('variables')?.get(name);
  const spec = variable?.get('lookup');
  const value = variable?.get('value');
  return spec !== undefined && spec.kind === 'map' && spec.entries.size > 0 && (value === undefined || value.kind === 'nil');
}

/** A subtree's error is about a path from the subtree: it is made a path from the root. */
function underPath(prefix: Path, resolve: () => Dyn): Dyn {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof ResolveError && error.subject) throw new ResolveError(error.message, error.locations, [...prefix, ...error.subject]);
    throw error;
  }
}

function reportResolveError(state: BundleState, error: unknown): void {
  if (error instanceof ReferenceError) {
    const detail = error.suggestions.length === 0 ? undefined : [error.suggestions.length > 1 ? 'did you mean one of:' : 'did you mean:', ...error.suggestions.map((s) => `  \${${s}}`)].join('\n');
    addError(state, { summary: error.message, locations: error.locations, ...(detail ? { detail } : {}) });
    return;
  }
  if (error instanceof ResolveError) {
    addError(state, { summary: error.message, locations: error.locations, ...(error.subject ? { subject: error.subject } : {}) });
    return;
  }
  if (error instanceof PathError) {
    addError(state, error.message);
    return;
  }
  throw error;
}

/** Interpolation outside `resources` (bundle, workspace, variables, ...). */
export const resolveReferencesWithoutResources = interpolate({ name: 'ResolveVariableReferences' });

/** Interpolation inside `resources`. */
export const resolveReferencesOnlyResources = interpolate({ name: 'ResolveVariableReferences(resources)', pattern: ['resources'], includeResources: true });

/** References inside lookup definitions (`lookup: {cluster: "${var.name}"}`). */
export const resolveReferencesInLookup = interpolate({ name: 'ResolveVariableReferencesInLookup', pattern: ['variables', '*', 'lookup'] });

/** `${resources.volumes.x.volume_path}`, once InitializeVolumePaths has computed it; no other resource field. */
export const resolveVolumePathReferences = interpolate({
  name: 'ResolveVariableReferences(resources)',
  prefixes: ['resources'],
  includeResources: true,
  allowPath: (path) => path.length === 4 && path[0] === 'resources' && path[1] === 'volumes' && path[3] === 'volume_path',
});
