import type { ConfigPath, JsonObject, JsonValue } from './model.js';
import { own } from '../own.js';

/** Reading a resolved configuration: the shapes rules, the guard, plan and the adapters keep asking for. */

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(value: JsonValue | undefined, path: ConfigPath): JsonValue | undefined {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = isObject(current) ? own(current, step) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

export function stringAt(value: JsonValue | undefined, path: ConfigPath): string | undefined {
  const found = valueAt(value, path);
  return typeof found === 'string' ? found : undefined;
}

/** `resources.<type>` as [key, definition] pairs, in configuration order. */
export function resourcesOf(config: JsonObject, type: string): Array<[string, JsonObject]> {
  const group = valueAt(config, ['resources', type]);
  if (!isObject(group)) return [];
  return Object.entries(group).filter((entry): entry is [string, JsonObject] => isObject(entry[1]));
}

/** `bundle.mode` of the target (`development`, `production`), if it sets one. */
export function targetMode(config: JsonObject): string | undefined {
  return stringAt(config, ['bundle', 'mode']);
}
