/**
 * A pipeline library whose notebook or file path is a glob becomes one library per matching
 * file (the CLI's ExpandPipelineGlobPaths, run as resources are normalised). A glob that
 * matches nothing stays as written, so path translation later says the file is missing.
 */
import { Dyn } from '../dyn/value.js';
import { mapByPattern, setByPath } from '../dyn/path.js';
import { filterLatestWheels } from '../wheels.js';
import { isLocalPath } from './paths.js';
import type { BundleState, Mutator } from '../state.js';

const LIBRARY_PATHS = ['notebook', 'file'] as const;
/** Go's filepath.Glob treats a pattern without these as a plain path. */
const GLOB_CHARS = /[*?[\\]/;

export const expandPipelineGlobPaths: Mutator = {
  name: 'ExpandPipelineGlobPaths',
  apply(state) {
    state.root = mapByPattern(state.root, ['resources', 'pipelines', '*', 'libraries'], (_p, libraries) =>
      libraries.kind === 'seq' ? Dyn.seq(libraries.items.flatMap((library) => expandLibrary(state, library)), libraries.locs) : libraries,
    );
  },
};

function expandLibrary(state: BundleState, library: Dyn): Dyn[] {
  for (const kind of LIBRARY_PATHS) {
    const at = library.get(kind)?.get('path');
    if (at === undefined) continue;
    const path = at.asString() ?? '';
    if (path === '' || !isLocalPath(path) || !GLOB_CHARS.test(path)) return [library];
    const matches = filterLatestWheels(state.files.glob(path));
    if (matches.length === 0) return [library];
    return matches.map((match) => setByPath(library, [kind, 'path'], Dyn.string(match, at.locs)));
  }
  return [library];
}
