/**
 * YAML text → Dyn, every value with its file, line and column. Follows the CLI's loader:
 * keys must be strings, `<<` merges earlier entries under later ones, aliases take the
 * anchored value (and its locations), the first document is the file.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar as YamlScalar } from 'yaml';
import type { Location } from '../model.js';
import { Dyn, type DynMap } from './value.js';

export class YamlError extends Error {
  constructor(
    message: string,
    readonly location: Location,
  ) {
    super(message);
  }
}

/** Parses one configuration file; `file` is the bundle-relative path recorded in locations. */
export function loadYaml(file: string, text: string): Dyn {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, intAsBigInt: true, uniqueKeys: false, prettyErrors: false, strict: false });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const first = doc.errors[0];
  if (first) throw new YamlError(first.message.split('\n')[0] ?? first.message, at(first.pos[0]));
  if (doc.contents === null) return Dyn.nil;
  return new Converter(doc, text, at).node(doc.contents as Node);
}

class Converter {
  private readonly active = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly at: (offset: number) => Location,
  ) {}

  private loc(node: Node): Location[] {
    return node.range ? [this.at(node.range[0])] : [];
  }

  node(node: Node): Dyn {
    let value: Dyn;
    if (isAlias(node)) value = this.alias(node);
    else if (isMap(node)) value = this.map(node as Node & { items: { key: unknown; value: unknown }[] });
    else if (isSeq(node)) value = Dyn.seq(node.items.map((item) => this.item(item)), this.loc(node));
    else if (isScalar(node)) value = this.scalar(node);
    else throw new YamlError('unknown node kind', this.loc(node)[0] ?? { file: '', line: 0, column: 0 });
    return (node as { anchor?: string }).anchor ? value.markAnchor() : value;
  }

  private item(item: unknown): Dyn {
    return item === null || item === undefined ? Dyn.nil : this.node(item as Node);
  }

  /** An empty value sits just after its key's colon, where the CLI's parser places it. */
  private afterColon(key: Node): Location[] {
    if (!key.range) return [];
    const colon = this.text.indexOf(':', key.range[1]);
    return [this.at(colon < 0 ? key.range[1] : colon + 1)];
  }

  private alias(node: Alias): Dyn {
    const target = node.resolve(this.doc);
    if (!target) throw new YamlError(`unknown anchor ${JSON.stringify(node.source)} referenced`, this.loc(node)[0] as Location);
    if (this.active.has(node)) throw new YamlError(`cyclic reference to anchor ${JSON.stringify(node.source)}`, this.loc(node)[0] as Location);
    this.active.add(node);
    try {
      return this.node(target as Node);
    } finally {
      this.active.delete(node);
    }
  }

  private map(node: Node & { items: { key: unknown; value: unknown }[] }): Dyn {
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
      const value = isEmptyValue(pair.value) ? Dyn.null(this.afterColon(key)) : this.node(pair.value as Node);
      entries.set(name, { keyLocs: keyLoc, value });
    }
    if (!merge) return Dyn.map(entries, locs);

    const mergeError = new YamlError('map merge requires map or sequence of maps as the value', this.loc(merge)[0] as Location);
    const sources = isSeq(merge) ? (merge.items as Node[]) : isAlias(merge) ? [merge] : null;
    if (!sources) throw mergeError;
    const out: DynMap = new Map();
    for (const source of sources) {
      const value = this.node(source);
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
