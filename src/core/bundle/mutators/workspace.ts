/**
 * Initialize phase, first part: sync paths, the current user, git details, and the
 * workspace paths every deployment writes to (`~/.bundle/<name>/<target>` by default).
 */
import { posix } from 'node:path';
import { Dyn, type DynMap } from '../dyn/value.js';
import { mapByPattern, mapStrings, setByPath } from '../dyn/path.js';
import { currentUserOf } from '../identity.js';
import type { Location } from '../model.js';
import { addError, addWarning, stringAt, type BundleState, type Mutator } from '../state.js';

function relativeToFileDir(value: Dyn): Dyn {
  const file = value.location?.file ?? '';
  return Dyn.string(posix.join(posix.dirname(file), value.asString() ?? ''), value.locs);
}

/** sync.paths / include / exclude are written relative to their file; the CLI makes them relative to the bundle root. */
export const rewriteSyncPaths: Mutator = {
  name: 'RewriteSyncPaths',
  apply(state) {
    for (const key of ['paths', 'include', 'exclude']) {
      state.root = mapByPattern(state.root, ['sync', key, '[*]'], (_p, v) => (v.kind === 'string' ? relativeToFileDir(v) : v));
    }
  },
};

export const syncDefaultPath: Mutator = {
  name: 'SyncDefaultPath',
  apply(state) {
    const paths = state.root.get('sync')?.get('paths');
    if (paths && (paths.kind === 'nil' || paths.kind === 'seq')) return;
    state.root = setByPath(state.root, ['sync', 'paths'], Dyn.seq([Dyn.string('.')]));
  },
};

/** A sync path above the bundle root (`..`) moves the sync root up; paths become relative to it. */
export const syncInferRoot: Mutator = {
  name: 'SyncInferRoot',
  apply(state) {
    const paths = (state.root.get('sync')?.get('paths')?.items ?? []).map((p) => p.asString() ?? '');
    const bundleRoot = posix.resolve('/', state.rootDir);
    let syncRoot = bundleRoot;
    for (const p of paths) {
      const computed = computeRoot(p, bundleRoot);
      if (computed !== undefined && computed.length < syncRoot.length) syncRoot = computed;
    }
    const rel = posix.relative(syncRoot, bundleRoot) || '.';
    let failed = false;
    paths.forEach((p, i) => {
      if (isLocal(posix.join(rel, p))) return;
      failed = true;
      addError(state, {
        summary: `invalid sync path ${JSON.stringify(p)}`,
        locations: state.root.get('sync')?.get('paths')?.index(i)?.locs,
        paths: [['sync', 'paths', i]],
      });
    });
    if (failed) return;
    for (const key of ['paths', 'include', 'exclude']) {
      state.root = mapByPattern(state.root, ['sync', key, '[*]'], (_p, v) => Dyn.string(posix.join(rel, v.asString() ?? ''), v.locs));
    }
    state.syncRoot = posix.relative(bundleRoot, syncRoot) || '.';
  },
};

function isLocal(p: string): boolean {
  const clean = posix.normalize(p);
  return !clean.startsWith('/') && clean !== '..' && !clean.startsWith('../');
}

function computeRoot(path: string, root: string): string | undefined {
  let p = path;
  let r = root;
  while (!isLocal(p)) {
    const dir = posix.dirname(r);
    if (dir === r) return undefined;
    p = posix.join(posix.basename(r), p);
    r = dir;
  }
  return posix.normalize(r);
}

export const populateCurrentUser: Mutator = {
  name: 'PopulateCurrentUser',
  apply(state) {
    const user = currentUserOf(state.identity);
    state.currentUser = user;
    if (state.root.get('workspace')?.get('current_user')) return;
    const fields: [string, string | undefined][] = [
      ['short_name', user.shortName],
      ['domain_friendly_name', user.domainFriendlyName],
      ['userName', user.userName],
      ['id', user.id],
      ['displayName', user.displayName],
    ];
    const entries: DynMap = new Map();
    for (const [k, v] of fields) if (v) entries.set(k, { keyLocs: [], value: Dyn.string(v) });
    state.root = setByPath(state.root, ['workspace', 'current_user'], Dyn.map(entries));
  },
};

export const loadGitDetails: Mutator = {
  name: 'LoadGitDetails',
  apply(state) {
    const git = state.git;
    const set = (key: string, value: string | undefined, onlyIfEmpty: boolean): void => {
      if (!value) return;
      if (onlyIfEmpty && stringAt(state.root, 'bundle', 'git', key) !== '') return;
      state.root = setByPath(state.root, ['bundle', 'git', key], Dyn.string(value));
    };
    set('actual_branch', git?.branch, false);
    set('branch', git?.branch, true);
    set('commit', git?.commit, true);
    set('origin_url', git?.originUrl, true);
    const bundleRootPath = git ? git.bundleRootPath : state.syncRoot === '.' ? '.' : posix.relative(posix.resolve('/', state.rootDir, state.syncRoot), posix.resolve('/', state.rootDir)) || '.';
    state.root = setByPath(state.root, ['bundle', 'git', 'bundle_root_path'], Dyn.string(bundleRootPath));
  },
};

export const defineDefaultWorkspaceRoot: Mutator = {
  name: 'DefineDefaultWorkspaceRoot',
  apply(state) {
    if (stringAt(state.root, 'workspace', 'root_path') !== '') return;
    const name = stringAt(state.root, 'bundle', 'name');
    if (name === '') {
      return addError(state, { summary: 'unable to define default workspace root: bundle name not defined', locations: [state.root.get('bundle')?.location ?? state.root.location] });
    }
    const target = stringAt(state.root, 'bundle', 'target');
    if (target === '') return addError(state, 'unable to define default workspace root: bundle target not selected');
    state.root = setByPath(state.root, ['workspace', 'root_path'], Dyn.string(`~/.bundle/${name}/${target}`));
  },
};

export const expandWorkspaceRoot: Mutator = {
  name: 'ExpandWorkspaceRoot',
  apply(state) {
    const root = stringAt(state.root, 'workspace', 'root_path');
    if (root === '') return addError(state, 'unable to expand workspace root: workspace root not defined');
    const userName = stringAt(state.root, 'workspace', 'current_user', 'userName');
    if (userName === '') return addError(state, 'unable to expand workspace root: current user not set');
    if (!root.startsWith('~/')) return;
    const locs = state.root.get('workspace')?.get('root_path')?.locs ?? [];
    state.root = setByPath(state.root, ['workspace', 'root_path'], Dyn.string(posix.join(`/Workspace/Users/${userName}`, root.slice(2)), locs));
  },
};

const WORKSPACE_PATHS = ['file_path', 'resource_path', 'artifact_path', 'state_path'];

export const defineDefaultWorkspacePaths: Mutator = {
  name: 'DefaultWorkspacePaths',
  apply(state) {
    const root = stringAt(state.root, 'workspace', 'root_path');
    if (root === '') return addError(state, 'unable to define default workspace paths: workspace root not defined');
    const suffix: Record<string, string> = { file_path: 'files', resource_path: 'resources', artifact_path: 'artifacts', state_path: 'state' };
    for (const key of WORKSPACE_PATHS) {
      if (stringAt(state.root, 'workspace', key) === '') state.root = setByPath(state.root, ['workspace', key], Dyn.string(posix.join(root, suffix[key] as string)));
    }
  },
};

export const prependWorkspacePrefix: Mutator = {
  name: 'PrependWorkspacePrefix',
  apply(state) {
    for (const key of ['root_path', ...WORKSPACE_PATHS]) {
      state.root = mapByPattern(state.root, ['workspace', key], (_p, v) => {
        const path = v.asString();
        if (path === undefined || !path.startsWith('/') || path.startsWith('/Workspace/') || path.startsWith('/Volumes/')) return v;
        return Dyn.string(`/Workspace${path}`, v.locs);
      });
    }
  },
};

/** Maps and sequences with no `/Workspace${workspace.…}` string: shared between targets, each looks only at what it rebuilt. */
const withoutWorkspacePrefix = new WeakSet<Dyn>();

export const rewriteWorkspacePrefix: Mutator = {
  name: 'RewriteWorkspacePrefix',
  apply(state) {
    const rewrites = ['root_path', 'file_path', 'artifact_path', 'state_path', 'resource_path'].flatMap((key) => [
      [`/Workspace/\${workspace.${key}}`, `\${workspace.${key}}`],
      [`/Workspace\${workspace.${key}}`, `\${workspace.${key}}`],
    ]);
    state.root = mapStrings(state.root, withoutWorkspacePrefix, (p, v) => {
      const original = v.str;
      if (!original.includes('/Workspace')) return v;
      let next = original;
      for (const [pattern, replacement] of rewrites as [string, string][]) {
        if (!next.includes(pattern)) continue;
        next = next.replaceAll(pattern, replacement);
        addWarning(state, {
          summary: `substring ${JSON.stringify(pattern)} found in ${JSON.stringify(original)}. Please update this to ${JSON.stringify(next)}.`,
          detail: 'For more information, please refer to: https://docs.databricks.com/en/release-notes/dev-tools/bundles.html#workspace-paths',
          locations: v.locs as Location[],
          paths: [p],
        });
      }
      return next === original ? v : Dyn.string(next, v.locs);
    });
  },
};
