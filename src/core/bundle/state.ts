/**
 * What the resolver's mutators share: the configuration tree being built, the
 * diagnostics so far, and the facts about the outside world the request carried.
 */
import { posix } from 'node:path';
import type { BundleFiles, Diagnostic, GitInfo, Identity, LocalPath, Location, ParsedFileStore, PythonRunner, ResolveOverrides, ResolveRequest } from './model.js';
import { Dyn, emptyMap } from './dyn/value.js';
import { formatPath, type Path } from './dyn/path.js';

export interface CurrentUser {
  userName: string;
  id: string;
  shortName: string;
  domainFriendlyName: string;
  displayName?: string;
}

export interface BundleState {
  /** The configuration, as the CLI's dynamic value. */
  root: Dyn;
  readonly diagnostics: Diagnostic[];
  readonly files: BundleFiles;
  readonly parsedFiles: ParsedFileStore | undefined;
  readonly python: PythonRunner | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: ReadonlyArray<readonly [string, string]>;
  readonly identity: Identity;
  /** Absolute path of the bundle root, for messages that name files the way the CLI does. */
  readonly rootDir: string;
  readonly git: GitInfo | null;
  /** -t, when given. */
  readonly requestedTarget: string | undefined;
  /** Configuration files loaded, in load order (bundle-relative). */
  loadedFiles: string[];
  /** Each loaded file's value as written (parsed, not yet normalised), by file. */
  written: Map<string, Dyn>;
  /** The selected target, once chosen. */
  target: string | null;
  /** `workspace.root_path` as the selected target itself sets it (production mode asks for one). */
  targetWorkspaceRootPath: string;
  /** Directory that is synchronised to the workspace, relative to the bundle root ('.' or '..', '../..'). */
  syncRoot: string;
  currentUser: CurrentUser | undefined;
  /** Local file references met while normalising paths (for rules that check files exist). */
  localPaths: LocalPath[];
}

export interface Mutator {
  readonly name: string;
  apply(state: BundleState): void;
}

export function newState(request: ResolveRequest): BundleState {
  return {
    root: emptyMap(),
    diagnostics: [],
    files: request.files,
    parsedFiles: request.parsedFiles,
    python: request.python,
    env: request.env,
    vars: request.vars,
    identity: request.identity,
    rootDir: request.rootDir ?? '.',
    git: request.git,
    requestedTarget: request.target,
    loadedFiles: [],
    written: new Map(),
    target: null,
    targetWorkspaceRootPath: '',
    syncRoot: '.',
    currentUser: undefined,
    localPaths: [],
  };
}

/** A copy of a loaded state that resolves `target` on its own (values are immutable, lists are copied). */
export function forkState(loaded: BundleState, target: string | undefined, overrides: ResolveOverrides = {}): BundleState {
  return {
    ...loaded,
    ...(overrides.vars ? { vars: overrides.vars } : {}),
    ...(overrides.identity ? { identity: overrides.identity } : {}),
    requestedTarget: target,
    diagnostics: loaded.diagnostics.map((d) => ({ ...d })),
    loadedFiles: [...loaded.loadedFiles],
    written: new Map(loaded.written),
    localPaths: [...loaded.localPaths],
  };
}

export function hasErrors(state: BundleState): boolean {
  return state.diagnostics.some((d) => d.severity === 'error');
}

/** Applies mutators in order, stopping after the first one that reports an error (as the CLI does). */
export function applySequence(state: BundleState, mutators: readonly Mutator[]): void {
  for (const m of mutators) {
    m.apply(state);
    if (hasErrors(state)) return;
  }
}

export interface DiagnosticInput {
  summary: string;
  detail?: string;
  locations?: readonly (Location | undefined)[];
  paths?: readonly Path[];
  /** What the diagnostic is about when it has no location (see Diagnostic.subject). */
  subject?: Path;
}

function diagnostic(severity: Diagnostic['severity'], input: DiagnosticInput): Diagnostic {
  const d: Diagnostic = {
    severity,
    summary: input.summary,
    locations: (input.locations ?? []).filter((l): l is Location => l !== undefined),
    paths: (input.paths ?? []).map(formatPath),
  };
  if (input.detail) d.detail = input.detail;
  if (input.subject) d.subject = input.subject;
  return d;
}

export function addError(state: BundleState, input: DiagnosticInput | string): void {
  state.diagnostics.push(diagnostic('error', typeof input === 'string' ? { summary: input } : input));
}

export function addWarning(state: BundleState, input: DiagnosticInput | string): void {
  state.diagnostics.push(diagnostic('warning', typeof input === 'string' ? { summary: input } : input));
}

export function addRecommendation(state: BundleState, input: DiagnosticInput): void {
  state.diagnostics.push(diagnostic('recommendation', input));
}

/** Reads a string at a path of the configuration ('' when absent or not a string). */
export function stringAt(root: Dyn, ...path: string[]): string {
  let v: Dyn | undefined = root;
  for (const p of path) v = v?.get(p);
  return v?.asString() ?? '';
}

/** A bundle-relative path as an absolute one (messages of the CLI show absolute paths). */
export function absolutePath(state: BundleState, relative: string): string {
  return posix.join(state.rootDir, relative);
}

/** A bundle-relative path as seen from the sync root (the directory the deployment uploads). */
export function relativeToSyncRoot(state: BundleState, relative: string): string {
  const root = posix.resolve('/', state.rootDir);
  return posix.relative(posix.resolve(root, state.syncRoot), posix.resolve(root, relative)) || '.';
}

export const BUNDLE_VAR_PREFIX = 'BUNDLE_VAR_';
