/**
 * What survives the CLI's round trip through its Go structs, which is what
 * `bundle validate -o json` prints: fields the types do not know disappear, and an empty
 * value ("", 0, false, null) of an optional field is dropped unless the struct records
 * explicitly set fields (the SDK's ForceSendFields), the field is required, or it is a
 * pointer. Empty maps and lists that were written stay.
 */
import { Dyn, type DynMap, type Pair } from '../dyn/value.js';
import { isPureReference } from '../dyn/ref.js';
import { elementOf, kindOf, ROOT_TYPE, structType, type TypeRef } from '../schema/types.js';

export function typedView(root: Dyn): Dyn {
  return fromTyped(ROOT_TYPE, root, true) ?? Dyn.nil;
}

/**
 * Maps and sequences the round trip keeps as they are, keyed to their type. Values are
 * immutable and shared between steps and targets, so the round trip after each step only
 * walks what that step rebuilt.
 */
const survivesRoundTrip = new WeakMap<Dyn, TypeRef>();

function fromTyped(ref: TypeRef, v: Dyn, includeZero: boolean): Dyn | undefined {
  // `includeZero` only matters for a value that is not a map: those are not remembered.
  if (v.kind !== 'map' && v.kind !== 'seq') return convert(ref, v, includeZero);
  if (survivesRoundTrip.get(v) === ref) return v;
  const out = convert(ref, v, includeZero);
  if (out === v) survivesRoundTrip.set(v, ref);
  return out;
}

function convert(ref: TypeRef, v: Dyn, includeZero: boolean): Dyn | undefined {
  switch (kindOf(ref)) {
    case 'struct':
      return struct(ref, v, includeZero);
    case 'map': {
      if (v.kind !== 'map') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      const out: DynMap = new Map();
      let same = !v.anchor;
      for (const [k, pair] of v.entries) {
        const value = fromTyped(element, pair.value, true) ?? Dyn.null();
        same &&= value === pair.value;
        out.set(k, same ? pair : { keyLocs: pair.keyLocs, value });
      }
      return same ? v : Dyn.map(out, v.locs);
    }
    case 'slice': {
      if (v.kind !== 'seq') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      const items = v.items.map((item) => fromTyped(element, item, true) ?? Dyn.null());
      // An unchanged value is shared, not copied (the round trip runs on every resolution).
      return !v.anchor && items.every((item, i) => item === v.items[i]) ? v : Dyn.seq(items, v.locs);
    }
    default:
      return v;
  }
}

function struct(ref: TypeRef, v: Dyn, includeZero: boolean): Dyn | undefined {
  if (v.kind === 'string' && isPureReference(v.str)) return v;
  if (v.kind !== 'map') return includeZero ? Dyn.map(new Map(), v.locs) : Dyn.null(v.locs);
  const type = structType(ref);
  const out: DynMap = new Map();
  let same = !v.anchor;
  const keep = (key: string, pair: Pair, nv: Dyn | undefined): void => {
    if (nv) out.set(key, nv === pair.value ? pair : { keyLocs: pair.keyLocs, value: nv });
    same &&= nv === pair.value;
  };
  for (const [key, pair] of v.entries) {
    const fieldType = type?.f[key];
    const value = pair.value;
    if (fieldType === undefined) {
      same = false;
      continue;
    }
    const fieldKind = kindOf(fieldType);
    if (fieldKind === 'struct') {
      if (value.kind === 'nil' && (type?.fsf || type?.ptr?.includes(key))) keep(key, pair, undefined);
      else keep(key, pair, value.kind === 'nil' ? value : fromTyped(fieldType, value, true));
      continue;
    }
    const forced = type?.fsf === 1 && !type.own?.includes(key) && value.isZero();
    const kept = forced || type?.req?.includes(key) || type?.ptr?.includes(key) || !typedZero(fieldKind, value);
    keep(key, pair, kept ? fromTyped(fieldType, value, true) : undefined);
  }
  return same ? v : Dyn.map(out, v.locs);
}

/** Whether the Go field would hold its zero value (a nil map or slice, "", 0, false). */
function typedZero(kind: ReturnType<typeof kindOf>, v: Dyn): boolean {
  switch (kind) {
    case 'map':
    case 'slice':
    case 'any':
      return v.kind === 'nil';
    default:
      return v.isZero();
  }
}
