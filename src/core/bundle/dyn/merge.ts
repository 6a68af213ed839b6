/**
 * Merging configuration trees the way the Databricks CLI does: maps deep-merge (right
 * wins, left's key order first), sequences concatenate, scalars are replaced; a merged
 * value keeps the locations of both sides. Lists of keyed objects (tasks by task_key, ...)
 * are merged per key by mergeElementsByKey.
 */
import { copyEntries, Dyn, type DynMap } from './value.js';
import { setByPath } from './path.js';
import type { Location } from '../model.js';

export class MergeError extends Error {
  constructor(
    message: string,
    /** Where the value that could not be merged in was written. */
    readonly locations: readonly Location[] = [],
  ) {
    super(message);
  }
}

export function merge(a: Dyn, b: Dyn): Dyn {
  if (a.kind === 'nil') return b.appendLocs(a);
  if (b.kind === 'nil') return a.appendLocs(b);
  if (a.kind === 'map') {
    if (b.kind !== 'map') throw new MergeError(`cannot merge map with ${kindWord(b)}`, b.locs);
    const out = copyEntries(a.entries);
    b.entries.forEach((pair, k) => {
      const existing = out.get(k);
      out.set(k, existing ? { keyLocs: pair.keyLocs, value: merge(existing.value, pair.value) } : pair);
    });
    return Dyn.map(out, a.locs).appendLocs(b);
  }
  if (a.kind === 'seq') {
    if (b.kind !== 'seq') throw new MergeError(`cannot merge sequence with ${kindWord(b)}`, b.locs);
    return Dyn.seq([...a.items, ...b.items], a.locs).appendLocs(b);
  }
  if (a.kind !== b.kind) throw new MergeError(`cannot merge ${kindWord(a)} with ${kindWord(b)}`, b.locs);
  return b.appendLocs(a);
}

function kindWord(v: Dyn): string {
  return v.kind === 'seq' ? 'sequence' : v.kind;
}

/**
 * Merges the elements of a sequence that share a key (e.g. `task_key`): the first
 * occurrence keeps its position, later ones merge into it. `keyOf` normalises the key.
 */
export function mergeElementsByKey(seq: Dyn, key: string, options: ElementsByKeyOptions = {}): Dyn {
  if (seq.kind !== 'seq') return seq;
  const keyOf = options.keyOf ?? defaultKey;
  const combine = options.override ? (_a: Dyn, b: Dyn) => b : merge;
  const seen = new Map<string, Dyn>();
  for (const element of seq.items) {
    const k = keyOf(element.get(key));
    const ref = seen.get(k);
    seen.set(k, ref ? combine(ref, element) : element);
  }
  const keys = [...seen.keys()];
  if (options.sort) keys.sort(compareStrings);
  const out: Dyn[] = [];
  for (const k of keys) {
    const element = seen.get(k) as Dyn;
    const keyValue = element.get(key);
    // An element whose key is written as it will be kept is kept itself: unchanged values stay shared.
    const written = keyValue?.kind === 'string' && keyValue.str === k;
    out.push(element.kind === 'map' && !written ? setByPath(element, [key], Dyn.string(k, keyValue?.locs ?? [])) : element);
  }
  return out.length === seq.items.length && out.every((element, i) => element === seq.items[i]) ? seq : Dyn.seq(out, seq.locs);
}

export interface ElementsByKeyOptions {
  /** Normalises an element's key value (absent → ""). */
  keyOf?: (v: Dyn | undefined) => string;
  /** Order the result by key (tasks), instead of first appearance. */
  sort?: boolean;
  /** A later element replaces an earlier one instead of merging into it (app resources). */
  override?: boolean;
}

/** Byte-wise string order, as Go sorts strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function defaultKey(v: Dyn | undefined): string {
  return v?.asString() ?? '';
}
