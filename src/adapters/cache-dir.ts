import os from 'node:os';
import path from 'node:path';

/** dataops' cache directory: $XDG_CACHE_HOME/dataops, else ~/.cache/dataops. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'dataops');
}
