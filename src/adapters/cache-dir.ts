import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VERSION } from '../version.js';

/** dataops' cache directory: $XDG_CACHE_HOME/dataops, else ~/.cache/dataops. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'dataops');
}

/** A cached file's text; undefined when there is none. */
export function readCacheFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A cached file's bytes; undefined when there is none. */
export function readCacheBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes a cache file whole or not at all (parallel runs never see half of one). */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}

/** Entries of a JSON cache file, keyed by content hashes (see contentKey). */
export interface ContentCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Rewrites the file when this run added entries: those of this run, then the most recent others. */
  save(): void;
}

/** A short, file-name-safe hash of the parts (each part delimited, so ['ab','c'] ≠ ['a','bc']). */
export function contentKey(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('base64url');
}

/**
 * A cache file read when first asked, holding at most maxEntries. A missing or unreadable
 * file is empty, and so is one written by another generation (a build of dataops whose
 * entries this one must not trust): it is replaced, not merged.
 */
export function contentCache<T>(file: string, maxEntries: number, generation: string): ContentCache<T> {
  let stored: Record<string, T> | undefined;
  const used: Record<string, T> = {};
  let changed = false;
  const entries = (): Record<string, T> => (stored ??= readEntries<T>(file, generation));
  return {
    get(key) {
      const hit = used[key] ?? entries()[key];
      if (hit !== undefined) used[key] = hit;
      return hit;
    },
    set(key, value) {
      used[key] = value;
      changed = true;
    },
    save() {
      if (!changed) return;
      const room = Math.max(0, maxEntries - Object.keys(used).length);
      const older = Object.entries(entries()).filter(([key]) => !(key in used));
      writeCacheFile(file, JSON.stringify({ generation, entries: { ...Object.fromEntries(older.slice(older.length - room)), ...used } }));
    },
  };
}

function readEntries<T>(file: string, generation: string): Record<string, T> {
  try {
    const parsed = JSON.parse(readCacheFile(file) ?? '{}') as { generation?: unknown; entries?: unknown };
    const { entries } = parsed;
    return parsed.generation === generation && typeof entries === 'object' && entries !== null && !Array.isArray(entries) ? (entries as Record<string, T>) : {};
  } catch {
    return {};
  }
}

/** This very build of dataops (its version, the executable's path, size and time): what a cached result computed by dataops' own code is valid for. */
export function buildStamp(): string {
  try {
    const { size, mtimeMs } = statSync(process.execPath);
    return `${VERSION} ${process.execPath} ${size} ${mtimeMs}`;
  } catch {
    return VERSION;
  }
}
