/**
 * Artifacts as the CLI prepares them before it builds anything: a wheel project found at the
 * bundle root becomes `python_artifact` when tasks use local libraries, `path` and
 * `files[].source` become absolute, a wheel without files gets `<path>/dist/*.whl` (and
 * `python3 setup.py bdist_wheel` when it has no build either), and the files of an artifact
 * that is not built are expanded from their globs (the newest wheel of each package).
 */
import { posix } from 'node:path';
import { Dyn, withEntries } from '../dyn/value.js';
import { forEachByPattern, mapByPattern, setByPath } from '../dyn/path.js';
import { compareStrings } from '../dyn/merge.js';
import { isLibraryLocal } from './paths.js';
import { filterLatestWheels } from '../wheels.js';
import { addError, type BundleState, type Mutator } from '../state.js';

export const applyArtifactsDynamicVersion: Mutator = {
  name: 'ApplyArtifactsDynamicVersion',
  apply(state) {
    if (state.root.get('presets')?.get('artifacts_dynamic_version')?.raw !== true) return;
    state.root = mapByPattern(state.root, ['artifacts', '*'], (_p, a) => (a.kind === 'map' && a.get('type')?.asString() === 'whl' ? setByPath(a, ['dynamic_version'], Dyn.bool(true)) : a));
  },
};

export const prepareArtifacts: Mutator = {
  name: 'artifacts.Prepare',
  apply(state) {
    insertPythonArtifact(state);
    const artifacts = state.root.get('artifacts');
    if (artifacts?.kind !== 'map') return;
    for (const name of [...artifacts.entries.keys()].sort(compareStrings)) {
      const artifact = state.root.get('artifacts')?.get(name) as Dyn;
      if (artifact.kind !== 'map') {
        addError(state, { summary: 'Artifact not properly configured', detail: 'please specify artifact properties', locations: [artifact.location] });
        continue;
      }
      const prepared = prepareOne(state, artifact);
      state.root = setByPath(state.root, ['artifacts', name], prepared);
      if (state.diagnostics.some((d) => d.severity === 'error')) return;
      if (hasFiles(prepared) && (prepared.get('build')?.asString() ?? '') === '') expandGlobs(state, name);
      if (state.diagnostics.some((d) => d.severity === 'error')) return;
    }
  },
};

function hasFiles(artifact: Dyn): boolean {
  const files = artifact.get('files');
  return files?.kind === 'seq' && files.items.length > 0;
}

function prepareOne(state: BundleState, artifact: Dyn): Dyn {
  const dir = posix.join(state.rootDir, posix.dirname(artifact.location?.file ?? '.'));
  const bundleRoot = posix.resolve('/', state.rootDir);
  let out = mapByPattern(artifact, ['files', '[*]', 'source'], (_p, source) => {
    const s = source.asString();
    return s === undefined || s.startsWith('/') ? source : Dyn.string(posix.join(dir, s), source.locs);
  });
  let path = out.get('path')?.asString() ?? '';
  if (path === '') path = bundleRoot;
  const updates: [string, Dyn][] = [];
  if (out.get('type')?.asString() === 'whl') {
    if ((out.get('build')?.asString() ?? '') === '' && !hasFiles(out)) updates.push(['build', Dyn.string('python3 setup.py bdist_wheel')]);
    if (!hasFiles(out)) updates.push(['files', Dyn.seq([Dyn.from({ source: posix.join(path, 'dist', '*.whl') })])]);
  }
  if (!path.startsWith('/')) path = posix.join(dir, path);
  updates.push(['path', Dyn.string(path, out.get('path')?.locs ?? [])]);
  out = withEntries(out, updates);
  if ((out.get('build')?.asString() ?? '') === '' && !hasFiles(out)) addError(state, "misconfigured artifact: please specify 'build' or 'files' property");
  return out;
}

/** No artifacts section, local libraries in tasks and a setup.py at the root: the CLI builds that wheel. */
function insertPythonArtifact(state: BundleState): void {
  const artifacts = state.root.get('artifacts');
  if (artifacts !== undefined && artifacts.kind !== 'nil') return;
  if (!usesLocalLibraries(state.root) || !state.files.exists('setup.py')) return;
  state.root = setByPath(state.root, ['artifacts', 'python_artifact'], Dyn.from({ path: posix.resolve('/', state.rootDir), type: 'whl' }));
}

function usesLocalLibraries(root: Dyn): boolean {
  let found = false;
  const check = (_p: unknown, v: Dyn): void => {
    const s = v.asString();
    if (s !== undefined && isLibraryLocal(s)) found = true;
  };
  for (const field of ['whl', 'jar']) {
    forEachByPattern(root, ['resources', 'jobs', '*', 'tasks', '[*]', 'libraries', '[*]', field], check);
    forEachByPattern(root, ['resources', 'jobs', '*', 'tasks', '[*]', 'for_each_task', 'task', 'libraries', '[*]', field], check);
  }
  forEachByPattern(root, ['resources', 'jobs', '*', 'environments', '[*]', 'spec', 'dependencies', '[*]'], check);
  return found;
}

/** files[].source globs of an artifact that is not built, expanded to the files they match. */
function expandGlobs(state: BundleState, name: string): void {
  const files = state.root.get('artifacts')?.get(name)?.get('files');
  if (files?.kind !== 'seq') return;
  const bundleRoot = posix.resolve('/', state.rootDir);
  const out: Dyn[] = [];
  let failed = false;
  files.items.forEach((file, index) => {
    const source = file.get('source');
    const s = source?.asString();
    if (source === undefined || s === undefined) return;
    const relative = posix.relative(bundleRoot, s);
    const matches = filterLatestWheels(/[*?[]/.test(relative) ? state.files.glob(relative) : state.files.exists(relative) ? [relative] : []).map((m) => posix.join(bundleRoot, m));
    if (matches.length === 1 && matches[0] === s) {
      out.push(file);
      return;
    }
    if (matches.length === 0) {
      failed = true;
      const at = source.location;
      const shown = at?.file ? posix.relative(posix.join(bundleRoot, posix.dirname(at.file)), s) : s;
      addError(state, { summary: `${shown}: no matching files`, locations: [at], paths: [['artifacts', name, 'files', index, 'source']] });
      return;
    }
    for (const match of matches) out.push(Dyn.map(new Map([['source', { keyLocs: [], value: Dyn.string(match, source.locs) }]])));
  });
  if (!failed) state.root = setByPath(state.root, ['artifacts', name, 'files'], Dyn.seq(out));
}
