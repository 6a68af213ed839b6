/**
 * Resolves a bundle target from a directory: finds the bundle root the way the Databricks
 * CLI does, gathers identity and git facts, and runs the offline resolver. validate,
 * guard and deploy call this; `dataops resolve` prints its result.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { JsonValue, ParsedFileStore, ResolvedTarget } from '../core/bundle/model.js';
import { VERSION } from '../version.js';
import { fsBundleFiles } from './bundle-files.js';
import { cacheDir, contentCache, contentKey } from './cache-dir.js';
import { readGitInfo } from './git.js';
import { readIdentity } from './identity.js';

const ROOT_FILES = ['databricks.yml', 'databricks.yaml', 'bundle.yml', 'bundle.yaml'];

export interface LoadBundleOptions {
  cwd: string;
  /** -t; else DATABRICKS_BUNDLE_TARGET, the `default: true` target, or the only one. */
  target?: string;
  /** --var name=value, in order. */
  vars?: ReadonlyArray<readonly [string, string]>;
  env: NodeJS.ProcessEnv;
  includeLocations?: boolean;
}

export interface LoadedBundle {
  resolved: ResolvedTarget;
  /** Absolute path of the bundle root. */
  rootDir: string;
  /** Where the identity and git facts came from (for --verbose). */
  sources: { identity: string; git: string };
}

export async function loadResolvedTarget(options: LoadBundleOptions): Promise<LoadedBundle> {
  const rootDir = findBundleRoot(options.cwd, options.env);
  const identity = await readIdentity(rootDir, options.env);
  const git = readGitInfo(rootDir, options.env);
  const { resolveBundle } = await import('../core/bundle/resolve.js');
  const parsedFiles = cachedParsedFiles(options.env);
  const resolved = resolveBundle({
    files: fsBundleFiles(rootDir),
    parsedFiles,
    target: options.target,
    vars: options.vars ?? [],
    env: options.env,
    identity: identity.identity,
    git: git.info,
    rootDir,
    includeLocations: options.includeLocations,
  });
  parsedFiles.save();
  return { resolved, rootDir, sources: { identity: identity.source, git: git.source } };
}

const MAX_PARSED_FILES = 1_000;

/**
 * Parsed configuration files in the cache directory, so that an unchanged file is not parsed
 * again. An entry is found only by the file's path and exact text and by this very build of
 * dataops (its version, and the executable's size and time, which change with every build).
 */
export function cachedParsedFiles(env: NodeJS.ProcessEnv): ParsedFileStore & { save(): void } {
  const cache = contentCache<JsonValue>(path.join(cacheDir(env), `parsed-files-${VERSION}.json`), MAX_PARSED_FILES, buildStamp());
  return {
    get: (file, text) => cache.get(contentKey(file, text)),
    set: (file, text, parsed) => cache.set(contentKey(file, text), parsed),
    save: () => cache.save(),
  };
}

function buildStamp(): string {
  try {
    const { size, mtimeMs } = statSync(process.execPath);
    return `${VERSION} ${process.execPath} ${size} ${mtimeMs}`;
  } catch {
    return VERSION;
  }
}

/** DATABRICKS_BUNDLE_ROOT, else the nearest directory at or above cwd with a bundle root file. */
export function findBundleRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.DATABRICKS_BUNDLE_ROOT;
  if (fromEnv) {
    const dir = path.resolve(cwd, fromEnv);
    if (!isDirectory(dir) || !ROOT_FILES.some((f) => existsSync(path.join(dir, f)))) {
      throw new UsageError(`Invalid bundle root DATABRICKS_BUNDLE_ROOT="${fromEnv}"`, {
        hint: 'The DATABRICKS_BUNDLE_ROOT environment variable must point to an existing directory that contains a bundle configuration file.',
      });
    }
    return realpathSync(dir);
  }
  const start = realpathSync(path.resolve(cwd));
  for (const file of ROOT_FILES) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, file))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new UsageError(`Unable to locate the bundle root: ${ROOT_FILES[0]} not found.`, {
    hint: 'Run this command from a directory that contains a bundle, or set the DATABRICKS_BUNDLE_ROOT environment variable to the bundle root directory.',
  });
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
