/**
 * YAML text → Dyn, every value with its file, line and column. Follows the CLI's loader:
 * keys must be strings, `<<` merges earlier entries under later ones, aliases take the
 * anchored value (and its locations), the first document is the file.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar as YamlScalar } from 'yaml';
import { characters, MAX_EXPANDED_VALUES, MAX_FILE_CHARS, MAX_NESTING_DEPTH } from '../limits.js';
import type { Location } from '../model.js';
import { offsetPastNestingLimit } from './nesting.js';
import { Dyn, type DynMap } from './value.js';

export class YamlError extends Error {
  constructor(
    message: string,
    readonly location: Location,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Parses one configuration file; `file` is the bundle-relative path recorded in locations. */
export function loadYaml(file: string, text: string): Dyn {
  if (text.length > MAX_FILE_CHARS) {
    throw new YamlError(`the file is ${characters(text.length)} long, over the limit of ${characters(MAX_FILE_CHARS)} for a configuration file`, { file, line: 1, column: 1 }, LIMIT_HINT);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, intAsBigInt: true, uniqueKeys: false, prettyErrors: false, strict: false });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const first = doc.errors[0];
  if (first) {
    const { message, offset } = parseErrorPlace(text, first);
    throw new YamlError(message, at(offset), message === tooDeep() ? LIMIT_HINT : undefined);
  }
  if (doc.contents === null) return Dyn.nil;
  return new Converter(doc, text, at).node(doc.contents as Node, 1);
}

/** The parser's first line; its own stack running out means the nesting is too deep for it. */
export function parseErrorMessage(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) return tooDeep();
  return message.split('\n')[0] ?? message;
}

/** A parse error's message and place; nesting too deep is placed where it first passes the limit, not where the parser's stack ran out. */
export function parseErrorPlace(text: string, error: { message: string; pos: [number, number] }): { message: string; offset: number } {
  const message = parseErrorMessage(error.message);
  const offset = message === tooDeep() ? (offsetPastNestingLimit(text) ?? error.pos[0]) : error.pos[0];
  return { message, offset };
}

const LIMIT_HINT = 'a configuration this large or deep is not something a person wrote: check how the file was generated';

function tooDeep(): string {
  return `maps and sequences nest deeper than ${MAX_NESTING_DEPTH} levels, the limit for a configuration file`;
}

class Converter {
  private readonly active = new Set<Node>();
  /** Each anchored node is converted once: aliases share the value (immutable, with the anchor's locations). */
  private readonly converted = new Map<Node, Dyn>();
  /** Values per converted node, counting what aliases repeat: the expanded size of the file. */
  private readonly sizes = new WeakMap<Dyn, number>();

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly at: (offset: number) => Location,
  ) {}

  private loc(node: Node): Location[] {
    return node.range ? [this.at(node.range[0])] : [];
  }

  node(node: Node, depth: number): Dyn {
    if (depth > MAX_NESTING_DEPTH) throw new YamlError(tooDeep(), this.place(node), LIMIT_HINT);
    const known = this.converted.get(node);
    if (known) return known;
    let value: Dyn;
    if (isAlias(node)) value = this.alias(node, depth);
    else if (isMap(node)) value = this.map(node as Node & { items: { key: unknown; value: unknown }[] }, depth);
    else if (isSeq(node)) value = Dyn.seq(node.items.map((item) => this.item(item, depth + 1)), this.loc(node));
    else if (isScalar(node)) value = this.scalar(node);
    else throw new YamlError('unknown node kind', this.place(node));
    if ((node as { anchor?: string }).anchor) {
      value = value.markAnchor();
      this.converted.set(node, value);
    }
    this.count(value, node);
    return value;
  }

  /** Records the expanded size of a value; throws where the file grows past the limit. */
  private count(value: Dyn, node: Node): void {
    let size = 1;
    if (value.kind === 'map') value.entries.forEach((pair) => (size += this.sizes.get(pair.value) ?? 1));
    else if (value.kind === 'seq') for (const item of value.items) size += this.sizes.get(item) ?? 1;
    if (size > MAX_EXPANDED_VALUES) {
      throw new YamlError(
        `aliases and merge keys expand this file past ${MAX_EXPANDED_VALUES.toLocaleString('en')} values, the limit for a configuration file (an alias of an alias multiplies the configuration)`,
        this.place(node),
        LIMIT_HINT,
      );
    }
    if (size > 1) this.sizes.set(value, size);
  }

  private place(node: Node): Location {
    return this.loc(node)[0] ?? this.at(0);
  }

  private item(item: unknown, depth: number): Dyn {
    return item === null || item === undefined ? Dyn.nil : this.node(item as Node, depth);
  }

  /** An empty value sits just after its key's colon, where the CLI's parser places it. */
  private afterColon(key: Node): Location[] {
    if (!key.range) return [];
    const colon = this.text.indexOf(':', key.range[1]);
    return [this.at(colon < 0 ? key.range[1] : colon + 1)];
  }

  private alias(node: Alias, depth: number): Dyn {
    const target = node.resolve(this.doc);
    if (!target) throw new YamlError(`unknown anchor ${JSON.stringify(node.source)} referenced`, this.loc(node)[0] as Location);
    if (this.active.has(node)) throw new YamlError(`cyclic reference to anchor ${JSON.stringify(node.source)}`, this.loc(node)[0] as Location);
    this.active.add(node);
    try {
      return this.node(target as Node, depth);
    } finally {
      this.active.delete(node);
    }
  }

  private map(node: Node & { items: { key: unknown; value: unknown }[] }, depth: number): Dyn {
    const locs = this.loc(node);
    const entries: DynMap = new Map();
    let merge: Node | undefined;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (key === null || !isScalar(key)) throw new YamlError('key is not a scalar', locs[0] as Location);
      const keyLoc = this.loc(key);
      if (key.value === '<<' && key.type === 'PLAIN') {
        if (merge) {
          throw new YamlError(
            "duplicate YAML merge key ('<<') is not allowed; to merge multiple maps, use a sequence: '<<: [*anchor1, *anchor2]'",
            keyLoc[0] as Location,
          );
        }
        merge = pair.value as Node;
        continue;
      }
      const name = key.value === null ? 'null' : String(key.value);
      if (typeof key.value !== 'string' && key.value !== null) throw new YamlError(`invalid key tag: ${scalarTag(key)}`, locs[0] as Location);
      const value = isEmptyValue(pair.value) ? Dyn.null(this.afterColon(key)) : this.node(pair.value as Node, depth + 1);
      entries.set(name, { keyLocs: keyLoc, value });
    }
    if (!merge) return Dyn.map(entries, locs);

    const mergeError = new YamlError('map merge requires map or sequence of maps as the value', this.loc(merge)[0] as Location);
    const sources = isSeq(merge) ? (merge.items as Node[]) : isAlias(merge) ? [merge] : null;
    if (!sources) throw mergeError;
    const out: DynMap = new Map();
    for (const source of sources) {
      const value = this.node(source, depth);
      if (!value.isMap()) throw mergeError;
      for (const [k, p] of value.entries) out.set(k, p);
    }
    for (const [k, p] of entries) out.set(k, p);
    return Dyn.map(out, locs);
  }

  private scalar(node: YamlScalar): Dyn {
    const locs = this.loc(node);
    const v = node.value;
    if (v === null || v === undefined) return Dyn.null(locs);
    if (typeof v === 'string') return Dyn.string(v, locs);
    if (typeof v === 'boolean') return Dyn.bool(v, locs);
    if (typeof v === 'bigint') return Dyn.int(v, locs);
    if (typeof v === 'number') return Dyn.float(v, locs);
    return Dyn.string(String(v), locs);
  }
}

function scalarTag(node: YamlScalar): string {
  if (typeof node.value === 'bigint') return '!!int';
  if (typeof node.value === 'number') return '!!float';
  if (typeof node.value === 'boolean') return '!!bool';
  return '!!str';
}

/** `key:` with nothing after it (the parser may still make an empty scalar, placed after a comment). */
function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  return isScalar(value) && value.value === null && value.source === '' && !(value as { anchor?: string }).anchor;
}
