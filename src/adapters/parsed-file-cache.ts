/**
 * Parsed configuration files in the cache directory, so that an unchanged file is not parsed
 * again. An entry is found only by the file's path and exact text and by this very build of
 * dataops (its version, and the executable's size and time, which change with every build).
 */
import path from 'node:path';
import type { JsonValue, ParsedFileStore } from '../core/bundle/model.js';
import { VERSION } from '../version.js';
import { buildStamp, cacheDir, contentCache, contentKey } from './cache-dir.js';

const MAX_PARSED_FILES = 1_000;

export function cachedParsedFiles(env: NodeJS.ProcessEnv): ParsedFileStore & { save(): void } {
  const cache = contentCache<JsonValue>(path.join(cacheDir(env), `parsed-files-${VERSION}.json`), MAX_PARSED_FILES, buildStamp());
  return {
    get: (file, text) => cache.get(contentKey(file, text)),
    set: (file, text, parsed) => cache.set(contentKey(file, text), parsed),
    save: () => cache.save(),
  };
}
