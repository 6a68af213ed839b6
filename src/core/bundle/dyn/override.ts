/**
 * The CLI's `merge.Override`: the right tree replaces the left one, and a visitor is told of
 * every deletion, insertion and update (and may refuse it). A value equal on both sides keeps
 * the left one, with its locations, so what a mutator left untouched still points at its YAML.
 */
import { Dyn, type DynMap } from './value.js';
import type { Path } from './path.js';

/** Returned by `onDelete` to keep the left value after all. */
export const UNDO_DELETE = Symbol('undo delete');

export interface OverrideVisitor {
  onDelete(path: Path, left: Dyn): typeof UNDO_DELETE | void;
  onInsert(path: Path, right: Dyn): Dyn;
  onUpdate(path: Path, left: Dyn, right: Dyn): Dyn;
}

export function override(left: Dyn, right: Dyn, visitor: OverrideVisitor, path: Path = []): Dyn {
  if (left.kind !== right.kind) return visitor.onUpdate(path, left, right);
  switch (left.kind) {
    case 'map':
      return Dyn.map(overrideMap(path, left.entries, right.entries, visitor), left.locs);
    case 'seq':
      return Dyn.seq(overrideSeq(path, left.items, right.items, visitor), left.locs);
    case 'nil':
      return left;
    default:
      return left.raw === right.raw ? left : visitor.onUpdate(path, left, right);
  }
}

function overrideMap(path: Path, left: DynMap, right: DynMap, visitor: OverrideVisitor): DynMap {
  const out: DynMap = new Map();
  for (const [key, pair] of left) {
    if (!right.has(key) && visitor.onDelete([...path, key], pair.value) === UNDO_DELETE) out.set(key, pair);
  }
  for (const [key, pair] of right) {
    const existing = left.get(key);
    const value = existing ? override(existing.value, pair.value, visitor, [...path, key]) : visitor.onInsert([...path, key], pair.value);
    out.set(key, { keyLocs: pair.keyLocs, value });
  }
  return out;
}

function overrideSeq(path: Path, left: readonly Dyn[], right: readonly Dyn[], visitor: OverrideVisitor): Dyn[] {
  const common = Math.min(left.length, right.length);
  const out: Dyn[] = [];
  for (let i = 0; i < common; i++) out.push(override(left[i] as Dyn, right[i] as Dyn, visitor, [...path, i]));
  for (let i = common; i < right.length; i++) out.push(visitor.onInsert([...path, i], right[i] as Dyn));
  for (let i = common; i < left.length; i++) if (visitor.onDelete([...path, i], left[i] as Dyn) === UNDO_DELETE) out.push(left[i] as Dyn);
  return out;
}
