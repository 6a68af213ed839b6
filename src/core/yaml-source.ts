import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ConfigPath, JsonValue, Location } from './bundle/model.js';
import { MAX_ALIAS_COUNT } from './bundle/limits.js';
import { parseErrorMessage, parseErrorPlace } from './bundle/dyn/yaml.js';
import { withoutPrototypes } from './own.js';

/** A YAML (or JSON) file as written: its data, and where each part of it sits. */
export interface YamlSource {
  file: string;
  data: JsonValue;
  /**
   * Where the value at `path` (or, with `'key'`, the key that names it) was written.
   * A path that goes through an alias or a merge key ends at the nearest part that exists.
   */
  locate(path: ConfigPath, part?: 'key' | 'value'): Location;
}

export interface YamlParseError {
  message: string;
  location: Location;
}

export type YamlParseResult = { ok: true; source: YamlSource } | { ok: false; error: YamlParseError };

/** Parses YAML 1.2 (core schema, merge keys allowed, as the Databricks CLI reads it). */
export function parseYamlSource(file: string, text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const first = doc.errors[0];
  if (first) {
    const { message, offset } = parseErrorPlace(text, first);
    return { ok: false, error: { message, location: at(offset) } };
  }
  let data: JsonValue;
  try {
    data = withoutPrototypes((doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null) as JsonValue);
  } catch (error) {
    // The resolver's loader reports these at the alias or the level that exceeds the limit; here only the file is known.
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    const message = error instanceof ReferenceError ? `aliases expand this file more than ${MAX_ALIAS_COUNT} times, the limit for a configuration file` : parseErrorMessage((error as Error).message);
    return { ok: false, error: { message, location: at(0) } };
  }
  const root = doc.contents as Node | null;
  const locate = (path: ConfigPath, part: 'key' | 'value' = 'value'): Location => {
    let node: unknown = root;
    let keyNode: unknown;
    for (const step of path) {
      const next = child(node, step);
      if (!next) break;
      keyNode = next.key;
      node = next.value;
    }
    const target = part === 'key' && keyNode ? keyNode : (node ?? keyNode);
    return at(rangeStart(target) ?? rangeStart(root) ?? 0);
  };
  return { ok: true, source: { file, data, locate } };
}

function child(node: unknown, step: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
