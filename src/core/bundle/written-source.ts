/**
 * A configuration file as written, for the rules that read files before merges (schema,
 * duplicate keys, where a target sets something), made from the value the resolver parsed:
 * the file is not parsed a second time.
 */
import type { YamlSource } from '../yaml-source.js';
import type { ConfigPath, Location } from './model.js';
import { toJsonValue } from './render-json.js';
import type { Dyn } from './dyn/value.js';

export function writtenSource(file: string, raw: Dyn): YamlSource {
  const start: Location = raw.location ?? { file, line: 1, column: 1 };
  let data: YamlSource['data'] | undefined;
  return {
    file,
    get data() {
      data ??= toJsonValue(raw);
      return data;
    },
    locate(path: ConfigPath, part: 'key' | 'value' = 'value'): Location {
      let node: Dyn = raw;
      let keyLocation: Location | undefined;
      for (const step of path) {
        const pair = node.kind === 'map' ? node.entries.get(String(step)) : undefined;
        const next = pair?.value ?? (typeof step === 'number' ? node.index(step) : undefined);
        if (!next) break;
        keyLocation = pair?.keyLocs[0];
        node = next;
      }
      return (part === 'key' ? keyLocation : undefined) ?? node.location ?? keyLocation ?? start;
    },
  };
}
