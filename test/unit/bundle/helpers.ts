import picomatch from 'picomatch';
import { resolveBundle } from '../../../src/core/bundle/resolve.js';
import type { BundleFiles, ResolveRequest, ResolvedTarget } from '../../../src/core/bundle/model.js';

/** A bundle held in memory: file path (bundle-relative) → text. Directories are implied by file paths. */
export function memoryFiles(files: Record<string, string>): BundleFiles {
  const names = Object.keys(files).sort();
  return {
    read: (p) => files[normalize(p)],
    exists: (p) => normalize(p) in files,
    isDirectory: (p) => names.some((n) => n.startsWith(`${normalize(p)}/`)),
    glob: (pattern) => names.filter((n) => picomatch(pattern.replaceAll('**', '*'), { dot: true })(n)),
  };
}

function normalize(p: string): string {
  return p.replace(/^\.\//, '');
}

/** Resolves an in-memory bundle as tester@databricks.com outside git. */
export function resolve(files: Record<string, string>, request: Partial<Omit<ResolveRequest, 'files'>> = {}): ResolvedTarget {
  return resolveBundle({
    files: memoryFiles(files),
    vars: [],
    env: {},
    identity: { userName: 'tester@databricks.com', id: '1000012345' },
    git: null,
    rootDir: '/work/bundle',
    ...request,
  });
}

/** A value of the printed configuration, by path (`resources.jobs.x.tasks[0].task_key`). */
export function at(result: ResolvedTarget, path: string): unknown {
  let value: unknown = JSON.parse(result.toJson());
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function errors(result: ResolvedTarget): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
}
