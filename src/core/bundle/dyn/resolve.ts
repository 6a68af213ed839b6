/**
 * Replaces `${...}` references inside a value, like the CLI's dynvar.Resolve: a string
 * that is exactly one reference takes the referenced value (any type, the string's
 * location); references inside longer strings are interpolated as text. A reference the
 * lookup declines (SKIP) stays as written.
 */
import { Dyn, EntriesBuilder, ItemsBuilder, type Pair } from './value.js';
import { formatPath, parsePath, PathError, type Path, type PathPart } from './path.js';
import { findReferences, type RefMatch } from './ref.js';
import { formatGoFloatG } from '../convert/normalize.js';
import { characters, MAX_INTERPOLATED_CHARS } from '../limits.js';
import type { Location } from '../model.js';

export const SKIP = Symbol('skip resolution');

export type Lookup = (path: Path) => Dyn | typeof SKIP;

/** A reference to something that does not exist, with "did you mean" candidates. */
export class ReferenceError extends Error {
  constructor(
    readonly reference: string,
    readonly suggestions: readonly string[],
    /** Where the string holding the reference was written. */
    readonly locations: readonly Location[] = [],
  ) {
    super(`reference does not exist: \${${reference}}`);
  }
}

export class ResolveError extends Error {
  constructor(
    message: string,
    /** Where the string being resolved was written. */
    readonly locations: readonly Location[] = [],
  ) {
    super(message);
  }
}

interface Ref {
  value: Dyn;
  matches: RefMatch[];
}

function refOf(v: Dyn): Ref | undefined {
  if (v.kind !== 'string') return undefined;
  const matches = findReferences(v.str);
  return matches.length > 0 ? { value: v, matches } : undefined;
}

function isPure(ref: Ref): boolean {
  return ref.matches[0]?.text === ref.value.str;
}

/**
 * Maps and sequences known to hold no reference. Values are immutable and unchanged subtrees
 * are shared between rounds and targets, so most of the tree is skipped after the first look.
 */
const referenceFree = new WeakSet<Dyn>();

/** Whether a map or sequence is known to hold no `${...}` reference (as interpolation found it). */
export function knownReferenceFree(v: Dyn): boolean {
  return referenceFree.has(v);
}

/** Collects the references under `v` by path; whether there were any. */
function collectReferences(v: Dyn, path: PathPart[], refs: Map<string, Ref>): boolean {
  return new ReferenceCollector(path, refs).visit(v);
}

/**
 * The walk behind collectReferences. Its per-child callbacks are methods given to forEach with
 * the collector as `this`, not closures: the walk meets tens of thousands of maps per target.
 */
class ReferenceCollector {
  private found = false;

  constructor(
    private readonly path: PathPart[],
    private readonly refs: Map<string, Ref>,
  ) {}

  visit(v: Dyn): boolean {
    if (v.kind === 'string') {
      const ref = refOf(v);
      if (ref) this.refs.set(formatPath(this.path), ref);
      return ref !== undefined;
    }
    if ((v.kind !== 'map' && v.kind !== 'seq') || referenceFree.has(v)) return false;
    const outer = this.found;
    this.found = false;
    if (v.kind === 'map') v.entries.forEach(this.entry, this);
    else v.items.forEach(this.item, this);
    const found = this.found;
    this.found = outer || found;
    if (!found) referenceFree.add(v);
    return found;
  }

  private entry(this: ReferenceCollector, pair: Pair, key: string): void {
    this.child(pair.value, key);
  }

  private item(this: ReferenceCollector, item: Dyn, index: number): void {
    this.child(item, index);
  }

  private child(value: Dyn, key: PathPart): void {
    this.path.push(key);
    if (this.visit(value)) this.found = true;
    this.path.pop();
  }
}

/**
 * The tree with each resolved string replaced; subtrees without references are kept as they are.
 * A rebuilt map or sequence whose children all hold no reference any more is remembered as
 * reference-free, so the next round (which usually finds nothing) skips it.
 */
function substitute(v: Dyn, resolved: ReadonlyMap<Dyn, Dyn>): Dyn {
  if (v.kind === 'string') return resolved.get(v) ?? v;
  if ((v.kind !== 'map' && v.kind !== 'seq') || referenceFree.has(v)) return v;
  let clean = true;
  const next = (child: Dyn): Dyn => {
    const out = substitute(child, resolved);
    clean &&= isReferenceFree(out);
    return out;
  };
  let rebuilt: Dyn;
  if (v.kind === 'map') {
    const entries = new EntriesBuilder(v);
    v.entries.forEach((pair, key) => entries.next(key, pair, next(pair.value)));
    rebuilt = entries.build();
  } else {
    const items = new ItemsBuilder(v);
    for (const item of v.items) items.next(item, next(item));
    rebuilt = items.build();
  }
  if (rebuilt === v) return v;
  if (clean) referenceFree.add(rebuilt);
  return rebuilt;
}

function isReferenceFree(v: Dyn): boolean {
  if (v.kind === 'string') return refOf(v) === undefined;
  return (v.kind !== 'map' && v.kind !== 'seq') || referenceFree.has(v);
}

export function resolveReferences(input: Dyn, lookup: Lookup): Dyn {
  const refs = new Map<string, Ref>();
  if (!collectReferences(input, [], refs)) return input;

  const lookups = new Map<string, { value?: Dyn | typeof SKIP; error?: Error }>();

  const resolveKey = (key: string, seen: string[]): Dyn | typeof SKIP => {
    const cached = lookups.get(key);
    if (cached) {
      if (cached.error) throw cached.error;
      return cached.value as Dyn | typeof SKIP;
    }
    const path = parsePath(key);
    if (!path) throw new ResolveError(`invalid path: ${key}`);
    let value: Dyn | typeof SKIP;
    try {
      value = lookup(path);
      if (value !== SKIP) {
        const ref = refOf(value);
        if (ref) value = resolveRef(ref, seen);
      }
    } catch (error) {
      const wrapped = error instanceof PathError && error.kind === 'no-such-key' ? new ReferenceError(key, suggestedReferences(error, key)) : (error as Error);
      lookups.set(key, { error: wrapped });
      throw wrapped;
    }
    lookups.set(key, { value });
    return value;
  };

  const resolveRef = (ref: Ref, seen: string[]): Dyn => {
    const resolved: (Dyn | undefined)[] = [];
    let complete = true;
    for (const m of ref.matches) {
      if (seen.includes(m.path)) throw new ResolveError(`cycle detected in field resolution: ${[...seen, m.path].join(' -> ')}`);
      const v = resolveKey(m.path, [...seen, m.path]);
      if (v === SKIP) {
        complete = false;
        resolved.push(undefined);
      } else resolved.push(v);
    }
    if (isPure(ref) && complete) {
      return (resolved[0] as Dyn).withLocs(ref.value.locs);
    }
    // One pass over the string: replacing match by match rescans it each time (quadratic in the references).
    const written = ref.value.str;
    const parts: string[] = [];
    let length = 0;
    let from = 0;
    let sensitive = false;
    ref.matches.forEach((m, j) => {
      const at = written.indexOf(m.text, from);
      const v = resolved[j];
      const text = v ? primitiveText(v) : m.text;
      if (v?.sensitive) sensitive = true;
      parts.push(written.slice(from, at), text);
      length += at - from + text.length;
      if (length > MAX_INTERPOLATED_CHARS) {
        throw new ResolveError(`interpolating \${${m.path}} makes a string longer than ${characters(MAX_INTERPOLATED_CHARS)}, the limit for one value`, ref.value.locs);
      }
      from = at + m.text.length;
    });
    parts.push(written.slice(from));
    const out = Dyn.string(parts.join(''), ref.value.locs);
    return sensitive ? out.markSensitive() : out;
  };

  // Keyed by the value itself: a string reached through several aliases resolves the same way.
  const resolved = new Map<Dyn, Dyn>();
  for (const key of [...refs.keys()].sort(byteOrder)) {
    const ref = refs.get(key) as Ref;
    resolved.set(ref.value, located(placeOf(input, key, ref.value), () => resolveRef(ref, [key])));
  }
  return substitute(input, resolved);
}

/** Where a string was written; for one the resolver made itself (a default path), where its nearest parent was. */
function placeOf(root: Dyn, key: string, value: Dyn): readonly Location[] {
  if (value.locs.length > 0) return value.locs;
  let place: readonly Location[] = root.locs;
  let current: Dyn | undefined = root;
  for (const part of parsePath(key) ?? []) {
    current = typeof part === 'number' ? current?.index(part) : current?.get(part);
    if (current && current.locs.length > 0) place = current.locs;
  }
  return place;
}

/** An error of one reference, placed where the string that holds it was written (if the error has no place yet). */
function located(locations: readonly Location[], resolve: () => Dyn): Dyn {
  try {
    return resolve();
  } catch (error) {
    if (locations.length === 0) throw error;
    if (error instanceof ReferenceError && error.locations.length === 0) throw new ReferenceError(error.reference, error.suggestions, locations);
    if (error instanceof ResolveError && error.locations.length === 0) throw new ResolveError(error.message, locations);
    if (error instanceof PathError) throw new ResolveError(error.message, locations);
    throw error;
  }
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A primitive as Go's fmt.Sprint prints it. */
function primitiveText(v: Dyn): string {
  switch (v.kind) {
    case 'string':
      return v.str;
    case 'bool':
    case 'int':
      return String(v.raw);
    case 'float':
      return formatGoFloatG(v.raw as number);
    case 'nil':
      return '<nil>';
    default:
      throw new ResolveError(`cannot interpolate non-primitive value of type ${v.kind === 'seq' ? 'sequence' : v.kind} into string`);
  }
}

/** Rebuilds a reference with the misspelt segment replaced by each suggestion. */
function suggestedReferences(error: PathError, reference: string): string[] {
  const failed = error.path[error.path.length - 1];
  if (typeof failed !== 'string') return [];
  return error.suggestions.map((s) => {
    const parts = parsePath(reference) ?? [];
    const i = parts.lastIndexOf(failed);
    if (i >= 0) parts[i] = s;
    return formatPath(parts);
  });
}
