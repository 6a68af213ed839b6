import type { ConfigPath, JsonObject, JsonValue, Location, ResolvedTarget } from '../bundle/model.js';
import { formatLocation } from '../errors.js';
import type { YamlSource } from '../yaml-source.js';
import { isObject, valueAt } from '../bundle/config-values.js';

/** Where a value sits: its key or index under its parent container. */
interface Place {
  readonly key: string | number;
  readonly parent: Place | undefined;
}

/** A string of a configuration, with the field it is the value of and (made when asked for) its path. */
export class ConfigString {
  constructor(
    readonly text: string,
    private readonly place: Place,
  ) {}

  /** The key (or index) the string is the value of. */
  get field(): string | number {
    return this.place.key;
  }

  get path(): ConfigPath {
    const path: Array<string | number> = [];
    for (let at: Place | undefined = this.place; at; at = at.parent) path.push(at.key);
    return path.reverse();
  }
}

const stringsCache = new WeakMap<JsonObject, readonly ConfigString[]>();

/**
 * Every string in a configuration, depth first. Several rules ask for the same target's
 * strings: they are collected once per configuration (which is never changed), and a string's
 * path is only spelt out for the few a rule reports.
 */
export function stringsIn(config: JsonObject): readonly ConfigString[] {
  let found = stringsCache.get(config);
  if (found) return found;
  const collected: ConfigString[] = [];
  const visit = (v: JsonValue, place: Place | undefined): void => {
    if (typeof v === 'string') {
      if (place) collected.push(new ConfigString(v, place));
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i] ?? null, { key: i, parent: place });
    } else if (isObject(v)) {
      for (const key of Object.keys(v)) visit(v[key] ?? null, { key, parent: place });
    }
  };
  visit(config, undefined);
  found = collected;
  stringsCache.set(config, found);
  return found;
}

/** Where a target-level problem should point: the most specific of the paths that was written somewhere. */
export function locateFirst(target: ResolvedTarget, ...paths: ConfigPath[]): Location | undefined {
  for (const path of paths) {
    const found = target.locate(path);
    if (found) return found;
  }
  return undefined;
}

/** `name (file:line:col)` for messages that mention a second place. */
export function describePlace(name: string, location: Location | undefined): string {
  return location ? `${name} (${formatLocation(location)})` : name;
}

/**
 * Where a target's own setting was written (`targets.<name>.<path>`), trying the paths in order,
 * else where the target itself is declared. Target-level findings point there.
 */
export function locateInTarget(sources: readonly YamlSource[], target: string | null, ...paths: ConfigPath[]): Location | undefined {
  if (target === null) return undefined;
  for (const path of [...paths, []]) {
    for (const source of sources) {
      const full = ['targets', target, ...path];
      if (valueAt(source.data, full) !== undefined) return source.locate(full, path.length === 0 ? 'key' : 'value');
    }
  }
  return undefined;
}

/** Where `path` was written, under the target (which wins) or at the top level; undefined when nowhere. */
export function whereWritten(sources: readonly YamlSource[], target: string | null, path: ConfigPath): Location | undefined {
  const candidates = target === null ? [path] : [['targets', target, ...path], path];
  for (const full of candidates) {
    const source = sources.find((s) => valueAt(s.data, full) !== undefined);
    if (source) return source.locate(full);
  }
  return undefined;
}
