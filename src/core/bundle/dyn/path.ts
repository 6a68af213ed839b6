/**
 * Paths into a Dyn tree (`resources.jobs.x.tasks[0]`), reading, writing and visiting by
 * path or pattern. Errors use the Databricks CLI's wording because they reach the user.
 */
import { distance } from 'fastest-levenshtein';
import { copyEntries, Dyn, EntriesBuilder, ItemsBuilder, withEntry, withItem, withoutEntry, emptyMap, type DynMap } from './value.js';

export type PathPart = string | number;
export type Path = readonly PathPart[];

export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Parses `a.b[0].c`; null when the text is not a path. */
export function parsePath(text: string): PathPart[] | null {
  const out: PathPart[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) return null;
      const n = Number(text.slice(i + 1, end));
      if (!Number.isInteger(n) || n < 0) return null;
      out.push(n);
      i = end + 1;
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    if (j === i) return null;
    out.push(text.slice(i, j));
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) return null;
    }
  }
  return out;
}

export function pathHasPrefix(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** Why a path could not be read; `kind` lets callers tell a missing key from a type clash. */
export class PathError extends Error {
  constructor(
    readonly kind: 'no-such-key' | 'index-out-of-bounds' | 'type',
    message: string,
    readonly path: Path,
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
  }
}

function quoted(path: Path): string {
  return JSON.stringify(formatPath(path));
}

/** The value at a path, or a PathError saying (in the CLI's words) why there is none. */
export function getByPath(root: Dyn, path: Path): Dyn | PathError {
  let current = root;
  for (let i = 0; i < path.length; i++) {
    const part = path[i] as PathPart;
    const here = path.slice(0, i + 1);
    if (typeof part === 'string') {
      if (current.kind === 'nil') return new PathError('type', `expected a map to index ${quoted(here)}, found nil`, here);
      if (current.kind !== 'map') return new PathError('type', `expected a map to index ${quoted(here)}, found ${kindName(current)}`, here);
      const next = current.get(part);
      if (next === undefined) {
        const suggestions = suggestKeys([...current.entries.keys()], part);
        return new PathError('no-such-key', `key not found at ${quoted(here)}${didYouMean(suggestions)}`, here, suggestions);
      }
      current = next;
    } else {
      if (current.kind === 'nil') return new PathError('type', `expected a sequence to index ${quoted(here)}, found nil`, here);
      if (current.kind !== 'seq') return new PathError('type', `expected a sequence to index ${quoted(here)}, found ${kindName(current)}`, here);
      const next = current.index(part);
      if (next === undefined) return new PathError('index-out-of-bounds', `index out of bounds at ${quoted(here)}`, here);
      current = next;
    }
  }
  return current;
}

/** The value at a path, or undefined. */
export function lookup(root: Dyn | undefined, path: Path): Dyn | undefined {
  let current = root;
  for (const part of path) {
    if (current === undefined) return undefined;
    current = typeof part === 'string' ? current.get(part) : current.index(part);
  }
  return current;
}

/** The Go kind names the CLI prints (`map`, `sequence`, `string`, ...). */
export function kindName(v: Dyn): string {
  return v.kind === 'seq' ? 'sequence' : v.kind;
}

/**
 * Replaces the value at a path, creating missing maps on the way (a missing index is an error).
 * `fn` receives the current value (undefined when absent) and returns the new one.
 */
export function updateByPath(root: Dyn, path: Path, fn: (current: Dyn | undefined) => Dyn): Dyn {
  if (path.length === 0) return fn(root);
  const [head, ...rest] = path as [PathPart, ...PathPart[]];
  if (typeof head === 'string') {
    const base = root.kind === 'map' ? root : emptyMap(root.locs);
    const child = base.get(head);
    const next = rest.length === 0 ? fn(child) : updateByPath(child ?? emptyMap(), rest, fn);
    return withEntry(base, head, next);
  }
  const child = root.index(head);
  if (child === undefined) throw new PathError('index-out-of-bounds', `index out of bounds at ${quoted(path)}`, path);
  return withItem(root, head, rest.length === 0 ? fn(child) : updateByPath(child, rest, fn));
}

export function setByPath(root: Dyn, path: Path, value: Dyn): Dyn {
  return updateByPath(root, path, () => value);
}

export function deleteByPath(root: Dyn, path: Path): Dyn {
  if (path.length === 0) return root;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = lookup(root, parentPath);
  if (parent === undefined || typeof key !== 'string' || parent.kind !== 'map' || !parent.entries.has(key)) return root;
  return updateByPath(root, parentPath, (p) => withoutEntry(p as Dyn, key));
}

/** A pattern component: a key, an index, or any key / any index. */
export type PatternPart = PathPart | '*' | '[*]';

/**
 * Applies fn to every value matching the pattern (`*` any map key, `[*]` any sequence index)
 * and returns the updated tree; values that do not exist are skipped. Unchanged subtrees
 * are shared, not copied.
 */
export function mapByPattern(root: Dyn, pattern: readonly PatternPart[], fn: (path: Path, value: Dyn) => Dyn, base: Path = []): Dyn {
  return mapAt(root, pattern, 0, fn, [...base]);
}

function mapAt(node: Dyn, pattern: readonly PatternPart[], depth: number, fn: (path: Path, value: Dyn) => Dyn, path: PathPart[]): Dyn {
  if (depth === pattern.length) return fn(path.slice(), node);
  const head = pattern[depth] as PatternPart;
  if (head === '*') {
    if (node.kind !== 'map') return node;
    const entries = new EntriesBuilder(node);
    node.entries.forEach((pair, k) => {
      path.push(k);
      entries.next(k, pair, mapAt(pair.value, pattern, depth + 1, fn, path));
      path.pop();
    });
    return entries.build();
  }
  if (head === '[*]') {
    if (node.kind !== 'seq') return node;
    const items = new ItemsBuilder(node);
    node.items.forEach((item, i) => {
      path.push(i);
      items.next(item, mapAt(item, pattern, depth + 1, fn, path));
      path.pop();
    });
    return items.build();
  }
  const child = typeof head === 'string' ? node.get(head) : node.index(head);
  if (child === undefined) return node;
  path.push(head);
  const next = mapAt(child, pattern, depth + 1, fn, path);
  path.pop();
  if (next === child) return node;
  return typeof head === 'string' ? withEntry(node, head, next) : withItem(node, head, next);
}

/** One place several patterns may match; `value` is what the patterns applied so far left there. */
interface Slot {
  path: Path;
  value: Dyn;
}

/** The part of the tree some pattern reaches: its slot if a pattern ends here, and the children it goes on to. */
interface Reached {
  node: Dyn;
  slot: Slot | undefined;
  children: [PathPart, Reached][] | undefined;
}

/** The patterns as a tree of their components, so a walk looks each child up once for all of them. */
interface PatternTrie {
  /** Indexes of the patterns that end here. */
  ends: number[];
  /** Where `*` (any key of a map) and `[*]` (any index of a sequence) lead. */
  anyKey: PatternTrie | undefined;
  anyIndex: PatternTrie | undefined;
  /** Where a given key or index leads. */
  keyed: Map<PathPart, PatternTrie>;
  /** This node as the only active one (no array made per visit). */
  alone: readonly PatternTrie[];
}

/** Tries already built, by the patterns array they were built from (callers pass fixed lists). */
const tries = new WeakMap<readonly (readonly PatternPart[])[], PatternTrie>();

function patternTrie(patterns: readonly (readonly PatternPart[])[]): PatternTrie {
  let trie = tries.get(patterns);
  if (!trie) tries.set(patterns, (trie = buildTrie(patterns)));
  return trie;
}

function buildTrie(patterns: readonly (readonly PatternPart[])[]): PatternTrie {
  const node = (): PatternTrie => {
    const trie: PatternTrie = { ends: [], anyKey: undefined, anyIndex: undefined, keyed: new Map(), alone: [] };
    trie.alone = [trie];
    return trie;
  };
  const root = node();
  patterns.forEach((pattern, index) => {
    let at = root;
    for (const part of pattern) {
      if (part === '*') at = at.anyKey ??= node();
      else if (part === '[*]') at = at.anyIndex ??= node();
      else {
        let next = at.keyed.get(part);
        if (!next) at.keyed.set(part, (next = node()));
        at = next;
      }
    }
    at.ends.push(index);
  });
  return root;
}

/**
 * The same as `mapByPattern` with each pattern in turn (fn sees each pattern's matches in
 * tree order, one pattern after the other, and what earlier patterns made of a value), in
 * one walk of the tree. fn must give a scalar back for a scalar, so that no pattern's
 * matches depend on what fn did for another.
 */
export function mapByPatterns(root: Dyn, patterns: readonly (readonly PatternPart[])[], fn: (pattern: number, path: Path, value: Dyn) => Dyn): Dyn {
  const matches: Slot[][] = patterns.map(() => []);
  const reached = reach(root, patternTrie(patterns).alone, [], matches);
  matches.forEach((slots, index) => {
    for (const slot of slots) slot.value = fn(index, slot.path.slice(), slot.value);
  });
  return reached ? rebuild(reached) : root;
}

function reach(node: Dyn, active: readonly PatternTrie[], path: PathPart[], matches: Slot[][]): Reached | undefined {
  let slot: Slot | undefined;
  let children: [PathPart, Reached][] | undefined;
  let wildcard: PatternTrie[] | undefined;
  let keyed = false;
  for (const trie of active) {
    for (const index of trie.ends) (matches[index] as Slot[]).push((slot ??= { path: path.slice(), value: node }));
    const any = node.kind === 'map' ? trie.anyKey : node.kind === 'seq' ? trie.anyIndex : undefined;
    if (any) (wildcard ??= []).push(any);
    if (trie.keyed.size > 0) keyed = true;
  }
  const follow = (key: PathPart, child: Dyn | undefined, next: readonly PatternTrie[]): void => {
    if (child === undefined || next.length === 0) return;
    path.push(key);
    const below = reach(child, next, path, matches);
    path.pop();
    if (below) (children ??= []).push([key, below]);
  };
  if (node.kind === 'map' || node.kind === 'seq') {
    if (wildcard) {
      // Every child, with the patterns that go through any key plus those that name this one.
      const all = wildcard;
      const forChild = (key: PathPart): readonly PatternTrie[] => (keyed ? [...all, ...keyedTries(active, key)] : all);
      if (node.kind === 'map') node.entries.forEach((pair, key) => follow(key, pair.value, forChild(key)));
      else node.items.forEach((item, i) => follow(i, item, forChild(i)));
    } else if (keyed && active.length > 1) {
      for (const key of new Set(active.flatMap((trie) => [...trie.keyed.keys()]))) follow(key, childAt(node, key), keyedTries(active, key));
    } else if (keyed) {
      // Only named children: looked up from whichever side is smaller (a task has a few of the dozen fields patterns name).
      const { keyed: named } = active[0] as PatternTrie;
      if (node.kind === 'map' && node.entries.size < named.size) node.entries.forEach((pair, key) => follow(key, pair.value, named.get(key)?.alone ?? NONE));
      else named.forEach((trie, key) => follow(key, childAt(node, key), trie.alone));
    }
  }
  return slot || children ? { node, slot, children } : undefined;
}

const NONE: readonly PatternTrie[] = [];

function keyedTries(active: readonly PatternTrie[], key: PathPart): PatternTrie[] {
  const out: PatternTrie[] = [];
  for (const trie of active) {
    const next = trie.keyed.get(key);
    if (next) out.push(next);
  }
  return out;
}

function childAt(node: Dyn, key: PathPart): Dyn | undefined {
  return typeof key === 'string' ? node.get(key) : node.index(key);
}

function rebuild({ node, slot, children }: Reached): Dyn {
  if (slot && slot.value !== node) return slot.value;
  if (!children) return node;
  if (node.kind === 'map') {
    let entries: DynMap | undefined;
    for (const [key, child] of children) {
      const next = rebuild(child);
      if (next === child.node) continue;
      entries ??= copyEntries(node.entries);
      entries.set(key as string, { keyLocs: node.entries.get(key as string)?.keyLocs ?? [], value: next });
    }
    return entries ? Dyn.map(entries, node.locs) : node;
  }
  let items: Dyn[] | undefined;
  for (const [index, child] of children) {
    const next = rebuild(child);
    if (next === child.node) continue;
    items ??= [...node.items];
    items[index as number] = next;
  }
  return items ? Dyn.seq(items, node.locs) : node;
}

/** Calls fn for every value matching the pattern, without changing anything. */
export function forEachByPattern(root: Dyn, pattern: readonly PatternPart[], fn: (path: Path, value: Dyn) => void): void {
  mapByPattern(root, pattern, (p, v) => {
    fn(p, v);
    return v;
  });
}

/**
 * Rewrites strings with fn (which gives the same value back to leave one as it is), in one walk
 * that skips the maps and sequences `unchanged` holds. The caller keeps one such set per kind of
 * rewrite, so a subtree shared between targets is looked at once; fn must depend on the string
 * alone for that to hold.
 */
export function mapStrings(root: Dyn, unchanged: WeakSet<Dyn>, fn: (path: Path, value: Dyn) => Dyn): Dyn {
  const path: PathPart[] = [];
  const visit = (v: Dyn): Dyn => {
    if (v.kind === 'string') return fn(path, v);
    if ((v.kind !== 'map' && v.kind !== 'seq') || unchanged.has(v)) return v;
    let out: Dyn;
    if (v.kind === 'map') {
      const entries = new EntriesBuilder(v);
      v.entries.forEach((pair, key) => {
        path.push(key);
        entries.next(key, pair, visit(pair.value));
        path.pop();
      });
      out = entries.build();
    } else {
      const items = new ItemsBuilder(v);
      v.items.forEach((item, i) => {
        path.push(i);
        items.next(item, visit(item));
        path.pop();
      });
      out = items.build();
    }
    if (out === v) unchanged.add(v);
    return out;
  };
  return visit(root);
}

const MAX_SUGGESTION_DISTANCE = 2;

export function suggestKeys(keys: readonly string[], name: string): string[] {
  return keys
    .map((key) => ({ key, distance: distance(name, key) }))
    .filter((c) => c.distance <= MAX_SUGGESTION_DISTANCE)
    .sort((a, b) => a.distance - b.distance)
    .map((c) => c.key);
}

function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return `, did you mean ${JSON.stringify(suggestions[0])}?`;
  return `, did you mean one of: ${suggestions.map((s) => JSON.stringify(s)).join(', ')}?`;
}

