/**
 * Resolves several targets of one bundle for `dataops validate`: the bundle root, identity
 * and git facts are looked up once, the files are loaded and merged once, then each target
 * is resolved from that.
 */
import type { BundleFiles, Diagnostic, ResolvedTarget } from '../core/bundle/model.js';
import { UsageError } from '../core/errors.js';
import { declaredTargets } from '../core/validate.js';
import type { YamlSource } from '../core/yaml-source.js';
import { fsBundleFiles } from './bundle-files.js';
import { readGitInfo } from './git.js';
import { readIdentity } from './identity.js';
import { cachedParsedFiles, findBundleRoot } from './load-bundle.js';

export interface BundleTargets {
  rootDir: string;
  files: BundleFiles;
  /** Configuration files as written, from the resolver's parse (no second parse). */
  sourceOf: (file: string) => YamlSource | undefined;
  targets: ResolvedTarget[];
}

export async function loadBundleTargets(options: { cwd: string; env: NodeJS.ProcessEnv; targets: readonly string[] }): Promise<BundleTargets> {
  const rootDir = findBundleRoot(options.cwd, options.env);
  const files = fsBundleFiles(rootDir);
  const [identity, git] = await Promise.all([readIdentity(rootDir, options.env), readGitInfo(rootDir, options.env)]);
  const { loadBundle } = await import('../core/bundle/resolve.js');
  const parsedFiles = cachedParsedFiles(options.env);
  const bundle = loadBundle({ files, parsedFiles, vars: [], env: options.env, identity: identity.identity, git: git.info, rootDir });
  parsedFiles.save();
  const sourceOf = (file: string): YamlSource | undefined => bundle.source(file);

  const resolved = new Map<string, ResolvedTarget>();
  let names = [...options.targets];
  if (names.length === 0) {
    // Resolving without a target loads every file (and picks the default target, when there is one).
    const first = bundle.resolve(undefined);
    if (!first.loaded) throw selectionError(first.diagnostics);
    names = declaredTargets(first.files.map(sourceOf).filter((s): s is YamlSource => s !== undefined));
    if (first.target !== null) resolved.set(first.target, first);
    if (names.length === 0) return { rootDir, files, sourceOf, targets: first.target === null ? [] : [first] };
  }
  const targets = names.map((name) => {
    const target = resolved.get(name) ?? bundle.resolve(name);
    if (target.target === null) throw selectionError(target.diagnostics);
    return target;
  });
  return { rootDir, files, sourceOf, targets };
}

/** The resolver could not select or load a target: an input error (exit 2) with its place. */
function selectionError(diagnostics: readonly Diagnostic[]): UsageError {
  const error = diagnostics.find((d) => d.severity === 'error');
  return new UsageError(error?.summary ?? 'the bundle could not be loaded', {
    ...(error?.locations[0] ? { location: error.locations[0] } : {}),
    hint: error?.detail ?? 'dataops resolve -t <target> shows what the Databricks CLI would report',
  });
}
