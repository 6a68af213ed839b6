/**
 * What survives the CLI's round trip through its Go structs, which is what
 * `bundle validate -o json` prints: fields the types do not know disappear, and an empty
 * value ("", 0, false, null) of an optional field is dropped unless the struct records
 * explicitly set fields (the SDK's ForceSendFields), the field is required, or it is a
 * pointer. Empty maps and lists that were written stay.
 */
import { Dyn, EntriesBuilder, ItemsBuilder } from '../dyn/value.js';
import { isPureReference } from '../dyn/ref.js';
import { elementOf, kindOf, ROOT_TYPE, structType, type TypeRef } from '../schema/types.js';

export function typedView(root: Dyn): Dyn {
  return fromTyped(ROOT_TYPE, root) ?? Dyn.nil;
}

/**
 * What the round trip made of a map or sequence, keyed to its type. Values are immutable and
 * shared between steps and targets, so the round trip after each step only walks what that
 * step rebuilt, and a subtree the targets share is converted once.
 */
const roundTripped = new WeakMap<Dyn, { ref: TypeRef; out: Dyn | undefined }>();

function fromTyped(ref: TypeRef, v: Dyn): Dyn | undefined {
  if (v.kind !== 'map' && v.kind !== 'seq') return convert(ref, v);
  const known = roundTripped.get(v);
  if (known?.ref === ref) return known.out;
  const out = convert(ref, v);
  roundTripped.set(v, { ref, out });
  return out;
}

function convert(ref: TypeRef, v: Dyn): Dyn | undefined {
  switch (kindOf(ref)) {
    case 'struct':
      return struct(ref, v);
    case 'map': {
      if (v.kind !== 'map') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      // Resources are held by pointer (map[string]*resources.Job): one written empty stays null.
      const byPointer = element.startsWith('resources.');
      const out = new EntriesBuilder(v, v.anchor);
      v.entries.forEach((pair, key) => out.next(key, pair, byPointer && pair.value.kind === 'nil' ? pair.value : (fromTyped(element, pair.value) ?? Dyn.null())));
      return out.build();
    }
    case 'slice': {
      if (v.kind !== 'seq') return v.kind === 'string' && isPureReference(v.str) ? v : Dyn.null(v.locs);
      const element = elementOf(ref);
      // An unchanged value is shared, not copied (the round trip runs on every resolution).
      const out = new ItemsBuilder(v, v.anchor);
      for (const item of v.items) out.next(item, fromTyped(element, item) ?? Dyn.null());
      return out.build();
    }
    default:
      return v;
  }
}

function struct(ref: TypeRef, v: Dyn): Dyn | undefined {
  if (v.kind === 'string' && isPureReference(v.str)) return v;
  // A struct the Go code holds by value: whatever was written there, it prints as an empty one.
  if (v.kind !== 'map') return Dyn.map(new Map(), v.locs);
  const type = structType(ref);
  const out = new EntriesBuilder(v, v.anchor);
  v.entries.forEach((pair, key) => {
    const fieldType = type?.f[key];
    const value = pair.value;
    if (fieldType === undefined) return out.next(key, pair, undefined);
    const fieldKind = kindOf(fieldType);
    if (fieldKind === 'struct') {
      if (value.kind === 'nil' && (type?.fsf || type?.ptr?.includes(key))) out.next(key, pair, undefined);
      else out.next(key, pair, value.kind === 'nil' ? value : fromTyped(fieldType, value));
      return;
    }
    const forced = type?.fsf === 1 && !type.own?.includes(key) && value.isZero();
    const kept = forced || type?.req?.includes(key) || type?.ptr?.includes(key) || !typedZero(fieldKind, value);
    out.next(key, pair, kept ? fromTyped(fieldType, value) : undefined);
  });
  return out.build();
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
