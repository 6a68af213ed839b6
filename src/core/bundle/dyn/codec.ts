/**
 * A parsed file's Dyn trees as compact JSON, so that a cache can hand them back without
 * the YAML parse (JSON.parse is an order of magnitude faster). Every location of a file's
 * trees is in that file, so a location is stored as its line and column only. The
 * normalised tree shares most scalars with the tree as written: those are stored once.
 */
import type { JsonValue, Location } from '../model.js';
import { Dyn, type DynMap } from './value.js';

const NIL = 0;
const STRING = 1;
const BOOL = 2;
const INT = 3;
const FLOAT = 4;
const MAP = 5;
const SEQ = 6;
/** A node already stored earlier in the same encoding (by its order of appearance). */
const SHARED = 7;
const BIG_INT = 8;

const ANCHOR = 1;
const SENSITIVE = 2;

/** A tree with a location in another file, or a value JSON cannot hold exactly. */
export class UnencodableError extends Error {}

/** Encodes trees of one file; a node met again (by identity) is stored as a back-reference. */
export function encodeTrees(file: string, trees: readonly Dyn[]): JsonValue {
  const ids = new Map<Dyn, number>();
  const locs = (list: readonly Location[]): number[] => {
    const out: number[] = [];
    for (const l of list) {
      if (l.file !== file) throw new UnencodableError(`a location in ${l.file}`);
      out.push(l.line, l.column);
    }
    return out;
  };
  const node = (v: Dyn): JsonValue => {
    const known = ids.get(v);
    if (known !== undefined) return [SHARED, known];
    ids.set(v, ids.size);
    const flags = (v.anchor ? ANCHOR : 0) | (v.sensitive ? SENSITIVE : 0);
    const out: JsonValue[] = [0, null, locs(v.locs)];
    if (flags) out.push(flags);
    switch (v.kind) {
      case 'nil':
        out[0] = NIL;
        break;
      case 'string':
      case 'bool':
        out[0] = v.kind === 'string' ? STRING : BOOL;
        out[1] = v.raw as string | boolean;
        break;
      case 'int':
        out[0] = typeof v.raw === 'bigint' ? BIG_INT : INT;
        out[1] = typeof v.raw === 'bigint' ? v.raw.toString() : (v.raw as number);
        break;
      case 'float': {
        const n = v.raw as number;
        if (!Number.isFinite(n) || Object.is(n, -0)) throw new UnencodableError(`the float ${n}`);
        out[0] = FLOAT;
        out[1] = n;
        break;
      }
      case 'map': {
        const entries: JsonValue[] = [];
        for (const [k, pair] of v.entries) entries.push(k, locs(pair.keyLocs), node(pair.value));
        out[0] = MAP;
        out[1] = entries;
        break;
      }
      case 'seq':
        out[0] = SEQ;
        out[1] = v.items.map(node);
        break;
    }
    return out;
  };
  return trees.map(node);
}

/** The trees encodeTrees was given; throws on anything it did not write. */
export function decodeTrees(file: string, encoded: unknown): Dyn[] {
  const nodes: Dyn[] = [];
  const locs = (flat: unknown): Location[] => {
    if (!Array.isArray(flat)) throw new TypeError('bad locations');
    const out: Location[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ file, line: flat[i] as number, column: flat[i + 1] as number });
    return out;
  };
  const node = (e: unknown): Dyn => {
    if (!Array.isArray(e)) throw new TypeError('bad node');
    const [kind, payload, written, flags] = e as [number, unknown, unknown, number | undefined];
    if (kind === SHARED) {
      const shared = nodes[payload as number];
      if (!shared) throw new TypeError('bad back-reference');
      return shared;
    }
    const id = nodes.length;
    nodes.push(Dyn.nil);
    let v = build(kind, payload, locs(written));
    if (flags && flags & ANCHOR) v = v.markAnchor();
    if (flags && flags & SENSITIVE) v = v.markSensitive();
    nodes[id] = v;
    return v;
  };
  const build = (kind: number, payload: unknown, at: Location[]): Dyn => {
    switch (kind) {
      case NIL:
        return Dyn.null(at);
      case STRING:
        return Dyn.string(payload as string, at);
      case BOOL:
        return Dyn.bool(payload as boolean, at);
      case INT:
        return Dyn.int(payload as number, at);
      case BIG_INT:
        return Dyn.int(BigInt(payload as string), at);
      case FLOAT:
        return Dyn.float(payload as number, at);
      case MAP: {
        const flat = payload as unknown[];
        const entries: DynMap = new Map();
        for (let i = 0; i < flat.length; i += 3) entries.set(flat[i] as string, { keyLocs: locs(flat[i + 1]), value: node(flat[i + 2]) });
        return Dyn.map(entries, at);
      }
      case SEQ:
        return Dyn.seq((payload as unknown[]).map(node), at);
      default:
        throw new TypeError(`bad kind ${kind}`);
    }
  };
  if (!Array.isArray(encoded)) throw new TypeError('bad encoding');
  return encoded.map(node);
}
