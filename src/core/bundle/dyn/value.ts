/**
 * A configuration value that remembers where it was written, like the Databricks CLI's
 * `dyn.Value`: maps keep their key order and the location of every key, and a value
 * merged from several files keeps all their locations (the first is where it won).
 */
import type { Location } from '../model.js';

export type Kind = 'map' | 'seq' | 'string' | 'bool' | 'int' | 'float' | 'nil';

export interface Pair {
  readonly keyLocs: readonly Location[];
  readonly value: Dyn;
}

export type DynMap = Map<string, Pair>;

export type Scalar = string | boolean | number | bigint | null;

export class Dyn {
  private constructor(
    readonly kind: Kind,
    readonly raw: DynMap | readonly Dyn[] | Scalar,
    readonly locs: readonly Location[],
    /** The value (or every element of it) came from a YAML anchor: unknown fields there are not reported. */
    readonly anchor = false,
    /** Written as a secret: printed redacted. */
    readonly sensitive = false,
  ) {}

  static readonly nil = new Dyn('nil', null, []);

  static map(entries: DynMap, locs: readonly Location[] = []): Dyn {
    return new Dyn('map', entries, locs);
  }

  static seq(items: readonly Dyn[], locs: readonly Location[] = []): Dyn {
    return new Dyn('seq', items, locs);
  }

  static string(value: string, locs: readonly Location[] = []): Dyn {
    return new Dyn('string', value, locs);
  }

  static bool(value: boolean, locs: readonly Location[] = []): Dyn {
    return new Dyn('bool', value, locs);
  }

  static int(value: number | bigint, locs: readonly Location[] = []): Dyn {
    const small = typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    return new Dyn('int', small ? Number(value) : value, locs);
  }

  static float(value: number, locs: readonly Location[] = []): Dyn {
    return new Dyn('float', value, locs);
  }

  static null(locs: readonly Location[] = []): Dyn {
    return locs.length === 0 ? Dyn.nil : new Dyn('nil', null, locs);
  }

  /** A plain JavaScript value (from JSON, a default) as a location-less Dyn. */
  static from(value: unknown, locs: readonly Location[] = []): Dyn {
    if (value instanceof Dyn) return value;
    if (value === null || value === undefined) return Dyn.null(locs);
    if (typeof value === 'string') return Dyn.string(value, locs);
    if (typeof value === 'boolean') return Dyn.bool(value, locs);
    if (typeof value === 'bigint') return Dyn.int(value, locs);
    if (typeof value === 'number') return Number.isInteger(value) ? Dyn.int(value, locs) : Dyn.float(value, locs);
    if (Array.isArray(value)) return Dyn.seq(value.map((v) => Dyn.from(v)), locs);
    const entries: DynMap = new Map();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) entries.set(k, { keyLocs: [], value: Dyn.from(v) });
    return Dyn.map(entries, locs);
  }

  get location(): Location | undefined {
    return this.locs[0];
  }

  withLocs(locs: readonly Location[]): Dyn {
    return new Dyn(this.kind, this.raw, locs, this.anchor, this.sensitive);
  }

  /** This value, with the locations of `other` appended (a merge keeps both places). */
  appendLocs(other: Dyn): Dyn {
    if (other.locs.length === 0) return this;
    return new Dyn(this.kind, this.raw, [...this.locs, ...other.locs], this.anchor, this.sensitive);
  }

  markAnchor(): Dyn {
    return new Dyn(this.kind, this.raw, this.locs, true, this.sensitive);
  }

  markSensitive(): Dyn {
    return this.kind === 'string' ? new Dyn(this.kind, this.raw, this.locs, this.anchor, true) : this;
  }

  get entries(): DynMap {
    if (this.kind !== 'map') throw new Error(`expected a map, found ${this.kind}`);
    return this.raw as DynMap;
  }

  get items(): readonly Dyn[] {
    if (this.kind !== 'seq') throw new Error(`expected a sequence, found ${this.kind}`);
    return this.raw as readonly Dyn[];
  }

  get str(): string {
    if (this.kind !== 'string') throw new Error(`expected a string, found ${this.kind}`);
    return this.raw as string;
  }

  asString(): string | undefined {
    return this.kind === 'string' ? (this.raw as string) : undefined;
  }

  isMap(): boolean {
    return this.kind === 'map';
  }

  isSeq(): boolean {
    return this.kind === 'seq';
  }

  /** Map lookup; undefined when this is not a map or has no such key. */
  get(key: string): Dyn | undefined {
    return this.kind === 'map' ? (this.raw as DynMap).get(key)?.value : undefined;
  }

  index(i: number): Dyn | undefined {
    return this.kind === 'seq' ? (this.raw as readonly Dyn[])[i] : undefined;
  }

  /** Zero in the Go sense: nil, "", 0, false, an empty map or sequence. */
  isZero(): boolean {
    switch (this.kind) {
      case 'nil':
        return true;
      case 'map':
        return (this.raw as DynMap).size === 0;
      case 'seq':
        return (this.raw as readonly Dyn[]).length === 0;
      case 'string':
        return this.raw === '';
      case 'bool':
        return this.raw === false;
      default:
        return this.raw === 0 || this.raw === 0n;
    }
  }

  /** Plain JavaScript value; secrets stay as they are (the renderer redacts). */
  toJS(): unknown {
    switch (this.kind) {
      case 'map': {
        const out = Object.create(null) as Record<string, unknown>;
        for (const [k, p] of this.raw as DynMap) out[k] = p.value.toJS();
        return out;
      }
      case 'seq':
        return (this.raw as readonly Dyn[]).map((v) => v.toJS());
      default:
        return this.raw;
    }
  }
}

/**
 * A copy of a map's entries. Not `new Map(entries)`: that goes through the entries iterator,
 * one [key, pair] array and one iterator result per entry, and copies are made for every
 * resource of every target.
 */
export function copyEntries(entries: DynMap): DynMap {
  const out: DynMap = new Map();
  entries.forEach((pair, key) => out.set(key, pair));
  return out;
}

/** A map with one more key (or a replaced value, keeping the key's position and location). */
export function withEntry(map: Dyn, key: string, value: Dyn, keyLocs?: readonly Location[]): Dyn {
  const entries = copyEntries(map.entries);
  const existing = entries.get(key);
  entries.set(key, { keyLocs: existing?.keyLocs ?? keyLocs ?? [], value });
  return Dyn.map(entries, map.locs);
}

/** `withEntry` for several keys, with one copy of the map. */
export function withEntries(map: Dyn, values: readonly (readonly [string, Dyn])[]): Dyn {
  const entries = copyEntries(map.entries);
  for (const [key, value] of values) entries.set(key, { keyLocs: entries.get(key)?.keyLocs ?? [], value });
  return Dyn.map(entries, map.locs);
}

export function withoutEntry(map: Dyn, key: string): Dyn {
  if (!map.entries.has(key)) return map;
  const entries = copyEntries(map.entries);
  entries.delete(key);
  return Dyn.map(entries, map.locs);
}

export function withItem(seq: Dyn, index: number, value: Dyn): Dyn {
  const items = [...seq.items];
  items[index] = value;
  return Dyn.seq(items, seq.locs);
}

export function emptyMap(locs: readonly Location[] = []): Dyn {
  return Dyn.map(new Map(), locs);
}

/**
 * The entries of a map rebuilt one by one, copied only from the first one that differs:
 * most rebuilds (normalisation, the typed round trip, substitution) change nothing, and an
 * unchanged map is then given back as it is, with nothing allocated.
 */
export class EntriesBuilder {
  private out: DynMap | undefined;
  private unchanged = 0;

  /** `copy`: build a new map even when no entry differs (to drop a mark such as `anchor`). */
  constructor(
    private readonly source: Dyn,
    copy = false,
  ) {
    if (copy) this.out = new Map();
  }

  /** The next entry of the source, in order, with its new value (undefined drops it). */
  next(key: string, pair: Pair, value: Dyn | undefined): void {
    if (this.out === undefined) {
      if (value === pair.value) {
        this.unchanged++;
        return;
      }
      this.out = this.copyUnchanged();
    }
    if (value !== undefined) this.out.set(key, value === pair.value ? pair : { keyLocs: pair.keyLocs, value });
  }

  /** Whether the map built so far has the key (every entry of the source given to `next` first). */
  has(key: string): boolean {
    return this.out === undefined ? this.source.entries.has(key) : this.out.has(key);
  }

  /** An entry the source does not have, after all of the source's. */
  add(key: string, value: Dyn): void {
    this.out ??= this.copyUnchanged();
    this.out.set(key, { keyLocs: [], value });
  }

  build(): Dyn {
    return this.out === undefined ? this.source : Dyn.map(this.out, this.source.locs);
  }

  private copyUnchanged(): DynMap {
    const out: DynMap = new Map();
    let left = this.unchanged;
    if (left === 0) return out;
    for (const [key, pair] of this.source.entries) {
      out.set(key, pair);
      if (--left === 0) break;
    }
    return out;
  }
}

/** The items of a sequence rebuilt one by one, copied only from the first one that differs. */
export class ItemsBuilder {
  private out: Dyn[] | undefined;
  private unchanged = 0;

  constructor(
    private readonly source: Dyn,
    copy = false,
  ) {
    if (copy) this.out = [];
  }

  /** The next item of the source, in order, with its new value (undefined drops it). */
  next(item: Dyn, value: Dyn | undefined): void {
    if (this.out === undefined) {
      if (value === item) {
        this.unchanged++;
        return;
      }
      this.out = this.source.items.slice(0, this.unchanged);
    }
    if (value !== undefined) this.out.push(value);
  }

  /** Items kept so far. */
  get length(): number {
    return this.out === undefined ? this.unchanged : this.out.length;
  }

  build(): Dyn {
    return this.out === undefined ? this.source : Dyn.seq(this.out, this.source.locs);
  }
}
