/**
 * A Dyn value as Go's json.MarshalIndent prints it (what `bundle validate -o json` shows):
 * keys sorted, two-space indent, `<`, `>` and `&` escaped, integers exact.
 */
import type { JsonObject, JsonValue } from './model.js';
import { Dyn, type Pair } from './dyn/value.js';
import { compareStrings } from './dyn/merge.js';

export const REDACTED = '<redacted value>';

export function renderJson(value: Dyn): string {
  const out: string[] = [];
  write(value, '', out, INDENTED);
  return out.join('');
}

/** The same value as Go's json.Marshal prints it: no spaces or newlines (the CLI's inline JSON fields). */
export function renderCompactJson(value: Dyn): string {
  const out: string[] = [];
  write(value, '', out, COMPACT);
  return out.join('');
}

interface Layout {
  step: string;
  open: string;
  colon: string;
  comma: string;
  close: string;
}
const INDENTED: Layout = { step: '  ', open: '\n', colon: ': ', comma: ',\n', close: '\n' };
const COMPACT: Layout = { step: '', open: '', colon: ':', comma: ',', close: '' };

function write(v: Dyn, indent: string, out: string[], layout: Layout): void {
  switch (v.kind) {
    case 'map': {
      const keys = [...v.entries.keys()].sort(compareStrings);
      if (keys.length === 0) return void out.push('{}');
      const inner = indent + layout.step;
      out.push('{', layout.open);
      keys.forEach((k, i) => {
        out.push(inner, quote(k), layout.colon);
        write(v.entries.get(k)?.value ?? Dyn.nil, inner, out, layout);
        out.push(i < keys.length - 1 ? layout.comma : layout.close);
      });
      out.push(indent, '}');
      return;
    }
    case 'seq': {
      if (v.items.length === 0) return void out.push('[]');
      const inner = indent + layout.step;
      out.push('[', layout.open);
      v.items.forEach((item, i) => {
        out.push(inner);
        write(item, inner, out, layout);
        out.push(i < v.items.length - 1 ? layout.comma : layout.close);
      });
      out.push(indent, ']');
      return;
    }
    case 'string':
      return void out.push(quote(v.sensitive ? REDACTED : v.str));
    case 'nil':
      return void out.push('null');
    case 'float':
      return void out.push(Number.isFinite(v.raw) ? JSON.stringify(v.raw) : 'null');
    default:
      return void out.push(String(v.raw));
  }
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON made for maps and sequences: the targets of one bundle share most of their subtrees, and
 * a resolved configuration is only ever read, so each subtree is converted once.
 */
const jsonOf = new WeakMap<Dyn, JsonValue>();

/** The same value as plain JSON data (integers beyond 2^53 lose precision; renderJson keeps them). */
export function toJsonValue(v: Dyn): JsonValue {
  switch (v.kind) {
    case 'map': {
      const known = jsonOf.get(v);
      if (known !== undefined) return known;
      // No prototype: a key named `__proto__` or `toString` is a key like any other.
      const out = Object.create(null) as JsonObject;
      v.entries.forEach(setJsonEntry, out);
      jsonOf.set(v, out);
      return out;
    }
    case 'seq': {
      const known = jsonOf.get(v);
      if (known !== undefined) return known;
      const out = v.items.map(toJsonValue);
      jsonOf.set(v, out);
      return out;
    }
    case 'string':
      return v.sensitive ? REDACTED : v.str;
    case 'int':
      return Number(v.raw);
    case 'nil':
      return null;
    default:
      return v.raw as JsonValue;
  }
}

/** forEach callback with the object being built as `this` (no closure per map). */
function setJsonEntry(this: JsonObject, pair: Pair, key: string): void {
  this[key] = toJsonValue(pair.value);
}
