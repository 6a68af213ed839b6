/**
 * The version of the Databricks CLI on PATH, without starting it on every run: the answer of
 * `databricks --version` is cached per binary, keyed by its resolved path, size and
 * modification time, so an upgrade or a different CLI earlier on PATH is asked again.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, readCacheFile, writeCacheFile } from './cache-dir.js';

export interface CliVersion {
  /** `1.12.1`, as the CLI prints it without `Databricks CLI v`. */
  version: string;
  /** The binary's resolved path. */
  binary: string;
  /** Whether this run started the CLI to learn it. */
  asked: boolean;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  version: string;
}

/** The CLI's version, or null when no `databricks` is on PATH or it does not answer. */
export async function databricksCliVersion(env: NodeJS.ProcessEnv): Promise<CliVersion | null> {
  const binary = databricksOnPath(env);
  if (binary === null) return null;
  const { size, mtimeMs } = statSync(binary);
  const file = path.join(cacheDir(env), 'databricks-cli-versions.json');
  const cache = readEntries(file);
  const hit = cache[binary];
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return { version: hit.version, binary, asked: false };
  const version = await ask(binary, env);
  if (version === null) return null;
  writeCacheFile(file, JSON.stringify({ ...cache, [binary]: { size, mtimeMs, version } }));
  return { version, binary, asked: true };
}

/** The first executable `databricks` in PATH, its symlinks resolved (a symlink's own stat would miss an upgrade). */
export function databricksOnPath(env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'databricks');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not here: the next directory
    }
  }
  return null;
}

async function ask(binary: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const { execFile } = await import('node:child_process');
  const stdout = await new Promise<string | null>((resolve) => {
    execFile(binary, ['--version'], { env, timeout: 15_000, encoding: 'utf8' }, (error, out) => resolve(error ? null : out));
  });
  const version = stdout?.trim().replace(/^Databricks CLI\s+v?/i, '');
  return version ? version : null;
}

function readEntries(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readCacheFile(file) ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}
