/** Where a bundle's root is: DATABRICKS_BUNDLE_ROOT, else the nearest directory at or above cwd with a root file. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT_FILE_NAMES } from '../core/bundle/root-files.js';
import { UsageError } from '../core/errors.js';

/** The bundle root, found as the Databricks CLI finds it; a usage error saying what to do when there is none. */
export function findBundleRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const found = locateBundleRoot(cwd, env);
  if (typeof found === 'string') return found;
  throw found;
}

/** Whether the working directory belongs to a bundle (a broken DATABRICKS_BUNDLE_ROOT counts: it is reported when used). */
export function hasBundleRoot(cwd: string, env: NodeJS.ProcessEnv): boolean {
  const found = locateBundleRoot(cwd, env);
  return typeof found === 'string' || env.DATABRICKS_BUNDLE_ROOT !== undefined;
}

function locateBundleRoot(cwd: string, env: NodeJS.ProcessEnv): string | UsageError {
  const fromEnv = env.DATABRICKS_BUNDLE_ROOT;
  if (fromEnv) {
    const dir = path.resolve(cwd, fromEnv);
    if (!isDirectory(dir) || !ROOT_FILE_NAMES.some((f) => existsSync(path.join(dir, f)))) {
      return new UsageError(`Invalid bundle root DATABRICKS_BUNDLE_ROOT="${fromEnv}"`, {
        hint: 'The DATABRICKS_BUNDLE_ROOT environment variable must point to an existing directory that contains a bundle configuration file.',
      });
    }
    return realpathSync(dir);
  }
  const start = realpathSync(path.resolve(cwd));
  for (const file of ROOT_FILE_NAMES) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, file))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return new UsageError(`Unable to locate the bundle root: ${ROOT_FILE_NAMES[0]} not found.`, {
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
