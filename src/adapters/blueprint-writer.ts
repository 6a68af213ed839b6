/** The file system side of `dataops init`: what is already there, and writing the project. */
import { existsSync } from 'node:fs';
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ProjectFile } from '../core/init/render.js';

/** Fails when `directory` exists but is not a directory. */
export async function checkTargetDirectory(directory: string): Promise<void> {
  const stat = await lstat(directory).catch(() => undefined);
  if (stat && !stat.isDirectory()) throw new UsageError(`${directory} exists and is not a directory`, { hint: 'name a new or an existing directory' });
}

/** The project paths (relative, `/`-separated) that already exist under `directory`. */
export async function existingPaths(directory: string, paths: readonly string[]): Promise<Set<string>> {
  const found = await Promise.all(paths.map(async (relative) => ((await lstat(path.join(directory, relative)).catch(() => undefined)) ? relative : undefined)));
  return new Set(found.filter((relative): relative is string => relative !== undefined));
}

export async function writeProject(directory: string, files: readonly ProjectFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(directory, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

/** Whether `directory` (or a parent) is inside a git work tree. */
export function isInGitRepository(directory: string): boolean {
  for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
