/**
 * What survives the CLI's round trip through its Go structs, which is what
 * `bundle validate -o json` prints: fields the types do not know disappear, and an empty
 * value ("", 0, false, null) of an optional field is dropped unless the struct records
 * explicitly set fields (the SDK's ForceSendFields), the field is required, or it is a
 * pointer. Empty maps and lists that were written stay.
 */
import { Dyn, type DynMap } from '../dyn/value.js';
import { isPureReference } from '../dyn/ref.js';
import { elementOf, kindOf, ROOT_TYPE, structType, type TypeRef } from '../schema/types.js';

export function typedView(root: Dyn): Dyn {
  return fromTyped(ROOT_TYPE, root, true) ?? Dyn.nil;
}

function fromTyped(ref: TypeRef, v: Dyn, includeZero: boolean): Dyn | undefined {
  switch (kindOf(ref)) {
    case 'struct':
      return struct(ref, v, includeZero);
    case 'map': {
      if (v.kind !== 'map') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      const out: DynMap = new Map();
      for (const [k, pair] of v.entries) out.set(k, { keyLocs: pair.keyLocs, value: fromTyped(element, pair.value, true) ?? Dyn.null() });
      return Dyn.map(out, v.locs);
    }
    case 'slice': {
      if (v.kind !== 'seq') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      return Dyn.seq(v.items.map((item) => fromTyped(element, item, true) ?? Dyn.null()), v.locs);
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
  for (const [key, pair] of v.entries) {
    const fieldType = type?.f[key];
    if (fieldType === undefined) continue;
    const value = pair.value;
    const fieldKind = kindOf(fieldType);
    if (fieldKind === 'struct') {
      if (value.kind === 'nil' && (type?.fsf || type?.ptr?.includes(key))) continue;
      const nv = value.kind === 'nil' ? value : fromTyped(fieldType, value, true);
      if (nv) out.set(key, { keyLocs: pair.keyLocs, value: nv });
      continue;
    }
    const forced = type?.fsf === 1 && !type.own?.includes(key) && value.isZero();
    const keep = forced || type?.req?.includes(key) || type?.ptr?.includes(key) || !typedZero(fieldKind, value);
    if (!keep) continue;
    const nv = fromTyped(fieldType, value, true);
    if (nv) out.set(key, { keyLocs: pair.keyLocs, value: nv });
  }
  return Dyn.map(out, v.locs);
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
