/**
 * The contract between the bundle resolver and everything that reads a resolved bundle
 * (validate rules, guard, deploy, init checks). The resolver lives beside this file.
 */
import type { YamlSource } from '../yaml-source.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A place in a YAML file a person can open: path relative to the bundle root (posix), 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** A path into the configuration, e.g. ['resources', 'jobs', 'ingest', 'tasks', 0, 'task_key']. */
export type ConfigPath = ReadonlyArray<string | number>;

/** A diagnostic as the Databricks CLI reports it (Error:/Warning:/Recommendation:). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'recommendation' | 'info';
  summary: string;
  detail?: string;
  locations: Location[];
  /** Dotted config paths the diagnostic is about, e.g. `resources.jobs.ingest`. */
  paths: string[];
  /**
   * What a diagnostic the CLI prints without a place is about (not printed, as the CLI prints
   * none), so that a finding can still point at the YAML to open.
   */
  subject?: ConfigPath;
}

/** Files of the bundle, as the resolver sees them. Core code never touches the file system itself. */
export interface BundleFiles {
  /** Text of a file, path relative to the bundle root (posix); undefined when it does not exist. */
  read(relativePath: string): string | undefined;
  /** Files (not directories) matching a single-segment glob pattern, relative to the bundle root, sorted. */
  glob(pattern: string): string[];
  exists(relativePath: string): boolean;
  /** Whether a directory exists there (dbt projects, app sources); absent readers answer false. */
  isDirectory?(relativePath: string): boolean;
}

/** Who runs the CLI (`workspace.current_user`). */
export interface Identity {
  userName: string;
  id: string;
  /** Set for a service principal whose display name is known. */
  displayName?: string;
}

export interface GitInfo {
  branch?: string;
  commit?: string;
  originUrl?: string;
  /** Path from the repository root to the bundle root ('.' when they are the same). */
  bundleRootPath: string;
}

export interface ResolveRequest {
  files: BundleFiles;
  /** -t / --target; else DATABRICKS_BUNDLE_TARGET, a `default: true` target, or the only target. */
  target?: string;
  /** --var name=value, in the order given. */
  vars: ReadonlyArray<readonly [string, string]>;
  /** BUNDLE_VAR_*, DATABRICKS_BUNDLE_* and other environment the CLI reads. */
  env: Readonly<Record<string, string | undefined>>;
  identity: Identity;
  git: GitInfo | null;
  /** Absolute path of the bundle root; some of the CLI's messages show absolute paths. */
  rootDir?: string;
  /** Add `__locations` to the configuration, as `bundle validate --include-locations` does. */
  includeLocations?: boolean;
  /** Parsed files kept from earlier runs; without it every file is parsed. */
  parsedFiles?: ParsedFileStore;
  /** Runs `python -m databricks.bundles.build` for a bundle with a `python:` section; without it such a bundle fails to load. */
  python?: PythonRunner;
}

/** One run of the databricks-bundles build, as the CLI starts it. */
export interface PythonBuildRequest {
  phase: 'load_resources' | 'apply_mutators';
  /** `python.venv_path` as written ('' when unset: the interpreter on PATH). */
  venvPath: string;
  /** The configuration so far, as JSON (input.json). */
  input: string;
}

/** What the build left behind; a file it did not write is undefined. */
export type PythonBuildResult =
  | { kind: 'ran'; exitError?: string; stderr: string; output?: string; diagnostics?: string; locations?: string }
  /** No interpreter could be started (none on PATH, or none in venv_path). */
  | { kind: 'no-interpreter'; reason: string };

/** Runs the build synchronously (the resolver is synchronous, like the CLI's mutators). */
export interface PythonRunner {
  build(request: PythonBuildRequest): PythonBuildResult;
}

/**
 * Parsed configuration files kept between runs. The store answers only for the exact text
 * (and the dataops build) an entry was saved with, so an edited file is always parsed again.
 */
export interface ParsedFileStore {
  /** What `set` was given for this file with this text; undefined when nothing was. */
  get(file: string, text: string): unknown;
  set(file: string, text: string, parsed: JsonValue): void;
}

/** A path-like field (notebook_path, file_path, libraries, …) as written, before the CLI rewrites it for the workspace. */
export interface LocalPath {
  path: ConfigPath;
  /** The value as written in YAML. */
  written: string;
  /** Resolved against the directory of the file that defines it, relative to the bundle root; null for remote paths. */
  local: string | null;
  location: Location;
}

export interface ResolvedTarget {
  /** The selected target, or null when the bundle has no targets. */
  target: string | null;
  /** Exactly what `databricks bundle validate -o json` prints. */
  config: JsonObject;
  /** Where the value at a path was written (the definition that won after merges and overrides). */
  locate(path: ConfigPath): Location | undefined;
  localPaths: LocalPath[];
  /** Configuration files loaded, relative to the bundle root, in load order. */
  files: string[];
  diagnostics: Diagnostic[];
  /** Whether a configuration was loaded at all (the CLI prints JSON only then). */
  loaded: boolean;
  /** `config` as the CLI prints it: sorted keys, two-space indent, integers exact. */
  toJson(): string;
}

/**
 * A bundle whose files were read, parsed and merged once: each target is resolved from that
 * (loading is target-independent), so validating every target costs one load.
 */
/** What may differ between the resolutions of one loaded bundle. */
export interface ResolveOverrides {
  /** --var name=value, in the order given (instead of the load request's). */
  vars?: ReadonlyArray<readonly [string, string]>;
  /** Who deploys (instead of the load request's). */
  identity?: Identity;
}

/** What the files declare, read after the load and before any target is selected. */
export interface DeclaredBundle {
  /** Each target and the `mode` it sets, in the order written. */
  targets: ReadonlyMap<string, { mode?: string }>;
  /** The names under `variables`. */
  variables: readonly string[];
}

export interface BundleResolver {
  /** Resolves a target as `resolveBundle` would with `target` (and the overrides) in its request. */
  resolve(target: string | undefined, overrides?: ResolveOverrides): ResolvedTarget;
  declared(): DeclaredBundle;
  /** A configuration file as written (before normalisation and merges); undefined when none was loaded by that name. */
  source(file: string): YamlSource | undefined;
}
