/**
 * The bundle's files on disk, as the resolver's BundleFiles. Globs follow Go's
 * filepath.Glob, which the Databricks CLI uses for `include`: each path segment is
 * matched on its own (`*` never crosses a `/`, `**` is the same as `*`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { BundleFiles } from '../core/bundle/model.js';

const GLOB_CHARS = /[*?[\]]/;

/**
 * The files as they are when first looked at: what a path is (file, directory, nothing) and
 * what a file holds are asked of the file system once, since validating every target asks the
 * same thousands of times.
 */
export function fsBundleFiles(rootDir: string): BundleFiles {
  const abs = (relative: string): string => path.resolve(rootDir, relative);
  const kinds = new Map<string, 'file' | 'directory' | 'other' | 'none'>();
  const texts = new Map<string, string | undefined>();
  const kindOf = (relative: string): 'file' | 'directory' | 'other' | 'none' => {
    const absolute = abs(relative);
    let kind = kinds.get(absolute);
    if (kind === undefined) {
      kind = statKind(absolute);
      kinds.set(absolute, kind);
    }
    return kind;
  };
  return {
    read(relative) {
      const absolute = abs(relative);
      if (!texts.has(absolute)) texts.set(absolute, readText(absolute));
      return texts.get(absolute);
    },
    exists: (relative) => kindOf(relative) === 'file',
    isDirectory: (relative) => kindOf(relative) === 'directory',
    glob(pattern) {
      return globFiles(rootDir, pattern);
    },
  };
}

function readText(absolute: string): string | undefined {
  try {
    return readFileSync(absolute, 'utf8');
  } catch {
    return undefined;
  }
}

function statKind(absolute: string): 'file' | 'directory' | 'other' | 'none' {
  try {
    const stat = statSync(absolute, { throwIfNoEntry: false });
    return !stat ? 'none' : stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'none'; // ENOTDIR, EACCES: nothing usable there
  }
}

function globFiles(rootDir: string, pattern: string): string[] {
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let candidates = [''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!GLOB_CHARS.test(segment)) {
        next.push(base === '' ? segment : `${base}/${segment}`);
        continue;
      }
      const matches = picomatch(segment.replaceAll('**', '*'), { dot: true });
      let names: string[];
      try {
        names = readdirSync(path.join(rootDir, base || '.'));
      } catch {
        continue;
      }
      for (const name of names.sort()) if (matches(name)) next.push(base === '' ? name : `${base}/${name}`);
    }
    candidates = next;
  }
  return candidates
    .filter((rel) => {
      try {
        return statSync(path.join(rootDir, rel)).isFile();
      } catch {
        return false;
      }
    })
    .map((rel) => path.posix.normalize(rel))
    .sort();
}
