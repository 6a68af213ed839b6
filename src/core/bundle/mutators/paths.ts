/**
 * Paths to local files (notebooks, Python files, dbt projects, libraries, ...): first made
 * relative to the bundle root (they are written relative to the file that defines them),
 * then rewritten to where the deployment puts them under `${workspace.file_path}`,
 * checking that they exist and are (or are not) notebooks, as the CLI does.
 */
import { posix } from 'node:path';
import type { Location } from '../model.js';
import { Dyn } from '../dyn/value.js';
import { formatPath, mapByPattern, mapByPatterns, type Path, type PatternPart } from '../dyn/path.js';
import { absolutePath, addError, relativeToSyncRoot, stringAt, type BundleState, type Mutator } from '../state.js';

type Mode = 'notebook' | 'file' | 'directory' | 'glob' | 'localAbsoluteDirectory' | 'localRelative' | 'localRelativeWithPrefix' | 'pipFlag';

interface Rule {
  pattern: PatternPart[];
  mode: Mode;
  skip?: (s: string) => boolean;
}

const PIP_FLAGS_WITH_LOCAL_PATHS = ['-r', '-e'];

function taskRules(base: PatternPart[]): Rule[] {
  return [
    { pattern: [...base, 'notebook_task', 'notebook_path'], mode: 'notebook' },
    { pattern: [...base, 'spark_python_task', 'python_file'], mode: 'file' },
    { pattern: [...base, 'dbt_task', 'project_directory'], mode: 'directory' },
    { pattern: [...base, 'sql_task', 'file', 'path'], mode: 'file' },
    { pattern: [...base, 'alert_task', 'workspace_path'], mode: 'file' },
    { pattern: [...base, 'libraries', '[*]', 'requirements'], mode: 'file' },
    { pattern: [...base, 'ai_runtime_task', 'deployments', '[*]', 'command_path'], mode: 'file' },
  ];
}

function taskLibraryRules(base: PatternPart[]): Rule[] {
  return [
    { pattern: [...base, 'libraries', '[*]', 'whl'], mode: 'localRelative' },
    { pattern: [...base, 'libraries', '[*]', 'jar'], mode: 'localRelative' },
  ];
}

const TASK: PatternPart[] = ['resources', 'jobs', '*', 'tasks', '[*]'];
const FOR_EACH_TASK: PatternPart[] = [...TASK, 'for_each_task', 'task'];
const JOB_DEPENDENCIES: PatternPart[] = ['resources', 'jobs', '*', 'environments', '[*]', 'spec', 'dependencies', '[*]'];
const PIPELINE: PatternPart[] = ['resources', 'pipelines', '*'];
const PIPELINE_DEPENDENCIES: PatternPart[] = [...PIPELINE, 'environment', 'dependencies', '[*]'];

const environmentRules = (pattern: PatternPart[]): Rule[] => [
  { pattern, mode: 'localRelativeWithPrefix', skip: (s) => !isLibraryLocal(s) },
  { pattern, mode: 'pipFlag', skip: (s) => pipFlagPath(s)?.local !== true },
];

const JOB_RULES: Rule[] = [...taskRules(TASK), ...taskRules(FOR_EACH_TASK)];
const JOB_LIBRARY_RULES: Rule[] = [...taskLibraryRules(TASK), ...environmentRules(JOB_DEPENDENCIES), ...taskLibraryRules(FOR_EACH_TASK)];
const PIPELINE_RULES: Rule[] = [
  { pattern: [...PIPELINE, 'libraries', '[*]', 'notebook', 'path'], mode: 'notebook' },
  { pattern: [...PIPELINE, 'libraries', '[*]', 'file', 'path'], mode: 'file' },
  { pattern: [...PIPELINE, 'libraries', '[*]', 'glob', 'include'], mode: 'glob' },
  { pattern: [...PIPELINE, 'root_path'], mode: 'directory' },
];
const PIPELINE_LIBRARY_RULES: Rule[] = environmentRules(PIPELINE_DEPENDENCIES);
const APP_RULES: Rule[] = [{ pattern: ['resources', 'apps', '*', 'source_code_path'], mode: 'directory' }];
const ARTIFACT_RULES: Rule[] = [{ pattern: ['artifacts', '*', 'path'], mode: 'localAbsoluteDirectory' }];
const ALERT_RULES: Rule[] = [{ pattern: ['resources', 'alerts', '*', 'file_path'], mode: 'localRelative' }];
const DASHBOARD_RULES: Rule[] = [{ pattern: ['resources', 'dashboards', '*', 'file_path'], mode: 'localRelative' }];
const GENIE_RULES: Rule[] = [{ pattern: ['resources', 'genie_spaces', '*', 'file_path'], mode: 'localRelative' }];

/** The path fields of a task, relative to the task (NormalizePaths handles each task on its own). */
const TASK_PATH_RULES: Rule[] = [...taskRules([]), ...taskRules(['for_each_task', 'task']), ...taskLibraryRules([]), ...taskLibraryRules(['for_each_task', 'task'])];
/** Every other path field NormalizePaths rewrites. */
const NON_TASK_RULES: Rule[] = [...environmentRules(JOB_DEPENDENCIES), ...APP_RULES, ...ARTIFACT_RULES, ...ALERT_RULES, ...DASHBOARD_RULES, ...GENIE_RULES, ...PIPELINE_RULES, ...PIPELINE_LIBRARY_RULES];

function visit(root: Dyn, rules: readonly Rule[], fn: (path: Path, mode: Mode, value: Dyn) => Dyn): Dyn {
  return visitIndexed(root, rules, (_index, path, mode, value) => fn(path, mode, value));
}

/** The patterns of a list of rules, made once per list (mapByPatterns keeps its walk plan by the array). */
const patternsOf = new WeakMap<readonly Rule[], PatternPart[][]>();

/** `visit`, telling fn which of the rules matched. */
function visitIndexed(root: Dyn, rules: readonly Rule[], fn: (index: number, path: Path, mode: Mode, value: Dyn) => Dyn): Dyn {
  let patterns = patternsOf.get(rules);
  if (!patterns) patternsOf.set(rules, (patterns = rules.map((rule) => rule.pattern)));
  return mapByPatterns(
    root,
    patterns,
    (index, p, v) => {
      const rule = rules[index] as Rule;
      const s = v.asString();
      if (s === undefined || rule.skip?.(s)) return v;
      return fn(index, p, rule.mode, v);
    },
  );
}

/** Jobs that take their code from git_source keep their paths as written. */
function gitSourceJobs(root: Dyn): Set<string> {
  const jobs = root.get('resources')?.get('jobs');
  const out = new Set<string>();
  if (jobs?.kind === 'map') for (const [key, pair] of jobs.entries) if (pair.value.get('git_source') && pair.value.get('git_source')?.kind !== 'nil') out.add(key);
  return out;
}

function hasScheme(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}

/** `-r requirements.txt` / `-e ./pkg`: the path and flag, and whether the path is local. */
function pipFlagPath(dep: string): { flag: string; path: string; local: boolean } | undefined {
  for (const flag of PIP_FLAGS_WITH_LOCAL_PATHS) {
    if (dep.startsWith(`${flag} `)) {
      const path = dep.slice(flag.length + 1).trim();
      return { flag, path, local: isLocalPath(path) };
    }
  }
  return undefined;
}

function isRemoteStorageScheme(p: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(p);
  return m !== null && p.startsWith(`${m[1]}:/`) && m[1] !== 'file';
}

export function isLocalPath(p: string): boolean {
  const s = p.replace(/^["']+|["']+$/g, '');
  if (s.startsWith('file://') || isRemoteStorageScheme(s)) return false;
  return !s.startsWith('/');
}

const PEP440 = String.raw`(\d+!)?(\d+(\.\d+)*)([-_.]?(a|b|rc)\d+)?([-_.]?post\d+)?([-_.]?dev\d+)?(\+[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*)?`;
const PACKAGE = new RegExp(String.raw`^[a-zA-Z0-9\-_]+\s?(\[.*\])?\s?((==|!=|<=|>=|~=|==|>|<)\s?${PEP440},?)*$`);

/** Whether a dependency names a local file (not a package, a pip flag or a remote URL). */
export function isLibraryLocal(dep: string): boolean {
  if (dep === '') return false;
  if (dep.startsWith('.')) return true;
  if (/(^|\s+)--?[a-zA-Z0-9-]+(([\s|=]+)|$)/.test(dep)) return false;
  if (PACKAGE.test(dep)) return false;
  const parts = dep.split(' @ ');
  if (parts.length === 2 && PACKAGE.test(parts[0] as string) && isRemoteStorageScheme(parts[1] as string)) return false;
  return isLocalPath(dep);
}

/** A path written relative to its file, made relative to the bundle root (remote and absolute paths unchanged). */
function normalizeOne(value: string, file: string): string {
  const flagged = pipFlagPath(value);
  if (flagged) return `${flagged.flag} ${normalizeOne(flagged.path, file)}`;
  if (hasScheme(value) || value.startsWith('/')) return value;
  return posix.join(posix.dirname(file), value);
}

/** A path made relative to the bundle root, with where it was found below the value it was found in. */
interface NormalizedPath {
  at: Path;
  written: string;
  local: string | null;
  location: Location;
}

/**
 * Tasks with their paths normalised. A task's paths depend on the task alone (the files that
 * define its values), and targets share most tasks, so each task is normalised once.
 */
const normalizedTasks = new WeakMap<Dyn, { task: Dyn; paths: NormalizedPath[] }>();

/** The paths under `root` the rules match, normalised (but those `keep` says to leave as written). */
function normalizeUnder(root: Dyn, rules: readonly Rule[], onMissingFile: (v: Dyn) => void, keep?: (path: Path) => boolean): { value: Dyn; paths: NormalizedPath[] } {
  const paths: NormalizedPath[] = [];
  const value = visit(root, rules, (p, _mode, v) => {
    if (keep?.(p)) return v;
    const file = v.location?.file;
    if (!file) {
      onMissingFile(v);
      return v;
    }
    const normalized = normalizeOne(v.str, file);
    const local = hasScheme(v.str) || v.str.startsWith('/') ? null : normalized.replace(/^-[re] /, '');
    paths.push({ at: p, written: v.str, local, location: v.location as Location });
    return Dyn.string(normalized, v.locs);
  });
  return { value, paths };
}

export const normalizePaths: Mutator = {
  name: 'NormalizePaths',
  apply(state) {
    const skipJobs = gitSourceJobs(state.root);
    const missingFile = (v: Dyn): void =>
      addError(state, `failed to normalize paths: unable to determine directory for a value at ${v.str}: no file in location`);
    const record = (base: Path, paths: readonly NormalizedPath[]): void => {
      for (const { at, written, local, location } of paths) state.localPaths.push({ path: [...base, ...at], written, local, location });
    };
    state.root = mapByPattern(state.root, TASK, (p, task) => {
      if (skipJobs.has(p[2] as string)) return task;
      let done = normalizedTasks.get(task);
      if (!done) {
        let complete = true;
        const { value, paths } = normalizeUnder(task, TASK_PATH_RULES, (v) => {
          complete = false;
          missingFile(v);
        });
        done = { task: value, paths };
        // A task with an error is looked at again by each target, so each reports it.
        if (complete) normalizedTasks.set(task, done);
      }
      record(p, done.paths);
      return done.task;
    });
    const rest = normalizeUnder(state.root, NON_TASK_RULES, missingFile, (p) => p[1] === 'jobs' && skipJobs.has(p[2] as string));
    state.root = rest.value;
    record([], rest.paths);
  },
};

class TranslateError extends Error {
  /** The config path of the value that failed (set by translateValue): the CLI prints no place, validate points there. */
  subject?: Path;
}

const NOTEBOOK_EXTENSIONS = ['.py', '.r', '.scala', '.sql', '.ipynb'];
const DESIGNER_EXTENSION = '.designer.ipynb';
const NOTEBOOK_HEADERS: Record<string, string> = {
  '.py': '# Databricks notebook source',
  '.r': '# Databricks notebook source',
  '.scala': '// Databricks notebook source',
  '.sql': '-- Databricks notebook source',
};

class Translator {
  private readonly seen = new Map<string, string>();
  readonly remoteRoot: string;

  constructor(private readonly state: BundleState) {
    this.remoteRoot = immutableFolder(state) ? '${workspace.snapshot_path}/files' : stringAt(state.root, 'workspace', 'file_path');
  }

  /** The workspace path for a local path; undefined when the value is not a local path. */
  rewrite(dir: string, written: string, mode: Mode, allowOutsideSyncRoot: boolean): string | undefined {
    let input = written;
    let flag = '';
    const flagged = pipFlagPath(input);
    if (flagged?.local) {
      input = flagged.path;
      flag = flagged.flag;
    }
    if (input.startsWith('/') || hasScheme(input)) return undefined;
    const localPath = posix.join(dir, input);
    const key = `${mode}\u0000${localPath}`;
    const cached = this.seen.get(key);
    if (cached !== undefined) return cached;
    const localRelPath = relativeToSyncRoot(this.state, localPath);
    if (!allowOutsideSyncRoot && (localRelPath === '..' || localRelPath.startsWith('../'))) {
      throw new TranslateError(`path ${absolutePath(this.state, localPath)} is not contained in sync root path`);
    }
    let out: string;
    switch (mode) {
      case 'notebook':
        out = this.notebook(input, localPath, localRelPath);
        break;
      case 'file':
      case 'pipFlag':
        out = this.file(input, localPath, localRelPath);
        if (mode === 'pipFlag') out = `${flag} ${out}`;
        break;
      case 'directory':
        if (!this.state.files.isDirectory?.(localPath)) {
          throw new TranslateError(this.state.files.exists(localPath) ? `${absolutePath(this.state, localPath)} is not a directory` : `stat ${localRelPath}: no such file or directory`);
        }
        out = posix.join(this.remoteRoot, localRelPath);
        break;
      case 'glob':
        out = posix.join(this.remoteRoot, localRelPath);
        break;
      case 'localAbsoluteDirectory':
        if (!this.state.files.isDirectory?.(localPath)) {
          throw new TranslateError(this.state.files.exists(localPath) ? `expected ${input} to be a directory but found a file` : `directory ${input} not found`);
        }
        out = absolutePath(this.state, localPath);
        break;
      case 'localRelative':
        out = localRelPath;
        break;
      case 'localRelativeWithPrefix':
        out = localRelPath.startsWith('.') ? localRelPath : `./${localRelPath}`;
        break;
    }
    this.seen.set(key, out);
    return out;
  }

  private isNotebook(localPath: string): boolean | undefined {
    const text = this.state.files.read(localPath);
    if (text === undefined) return undefined;
    const ext = posix.extname(localPath).toLowerCase();
    if (ext === '.ipynb') return isJupyter(text);
    const header = NOTEBOOK_HEADERS[ext];
    return header !== undefined && firstLine(text.slice(0, 32)) === header;
  }

  private notebook(literal: string, localPath: string, localRelPath: string): string {
    const nb = this.isNotebook(localPath);
    if (nb === undefined) {
      if (posix.extname(localPath) !== '') throw new TranslateError(`notebook ${literal} not found`);
      const extensions = NOTEBOOK_EXTENSIONS.join(', ');
      const withExt = NOTEBOOK_EXTENSIONS.find((ext) => this.state.files.exists(localPath + ext));
      if (withExt) {
        throw new TranslateError(
          `notebook ${JSON.stringify(literal)} not found. Did you mean ${JSON.stringify(literal + withExt)}?\nLocal notebook references are expected to contain one of the following\nfile extensions: [${extensions}]`,
        );
      }
      throw new TranslateError(`notebook ${JSON.stringify(literal)} not found. Local notebook references are expected\nto contain one of the following file extensions: [${extensions}]`);
    }
    if (!nb) throw new NotebookKindError('file', absolutePath(this.state, localPath));
    return posix.join(this.remoteRoot, stripExtension(localRelPath));
  }

  private file(literal: string, localPath: string, localRelPath: string): string {
    const nb = this.isNotebook(localPath);
    if (nb === undefined) throw new TranslateError(`file ${literal} not found`);
    if (nb) throw new NotebookKindError('notebook', absolutePath(this.state, localPath));
    return posix.join(this.remoteRoot, localRelPath);
  }
}

/** A notebook where a file was expected, or the other way round. */
class NotebookKindError extends TranslateError {
  constructor(
    readonly found: 'file' | 'notebook',
    readonly file: string,
  ) {
    super(found === 'notebook' ? `file at ${file} is a notebook` : `file at ${file} is not a notebook`);
  }
}

/** Notebooks lose their extension on import; Lakeflow Designer files keep their whole `.designer.ipynb`. */
function stripExtension(p: string): string {
  if (p.endsWith(DESIGNER_EXTENSION)) return p;
  return p.slice(0, p.length - posix.extname(p).length);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

function isJupyter(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function immutableFolder(state: BundleState): boolean {
  return state.root.get('experimental')?.get('immutable_folder')?.raw === true || Boolean(state.env.__TEST_DATABRICKS_IMMUTABLE_FOLDER);
}

/** Where each resource of a type was defined: paths that fail may be relative to that file instead. */
function definitionDirs(root: Dyn, type: string): Map<string, string> {
  const out = new Map<string, string>();
  const resources = root.get('resources')?.get(type);
  if (resources?.kind === 'map') for (const [key, pair] of resources.entries) if (pair.value.location) out.set(key, posix.dirname(pair.value.location.file));
  return out;
}

function translateValue(translator: Translator, p: Path, v: Dyn, dir: string, mode: Mode, allowOutside: boolean): Dyn {
  try {
    const out = translator.rewrite(dir, v.str, mode, allowOutside);
    return out === undefined ? v : Dyn.string(out, v.locs);
  } catch (error) {
    if (error instanceof NotebookKindError) {
      const expected = error.found === 'notebook' ? 'a file' : 'a notebook';
      const kind = new TranslateError(`expected ${expected} for ${JSON.stringify(formatPath(p))} but got a ${error.found}: ${error.message}`);
      kind.subject = p;
      throw kind;
    }
    if (error instanceof TranslateError && !error.subject) error.subject = p;
    throw error;
  }
}

/**
 * One walk for a resource type's paths: those that must stay inside the sync root, then those
 * (libraries, dependencies) that may point outside it.
 */
function resourceTranslation(state: BundleState, translator: Translator, type: 'jobs' | 'pipelines', inside: readonly Rule[], outside: readonly Rule[], skip: Set<string>) {
  const rules = [...inside, ...outside];
  return (root: Dyn): Dyn => {
    const fallback = definitionDirs(root, type);
    return visitIndexed(root, rules, (index, p, mode, v) => {
      const allowOutside = index >= inside.length;
      const key = p[2] as string;
      if (skip.has(key)) return v;
      try {
        return translateValue(translator, p, v, '.', mode, allowOutside);
      } catch (error) {
        const dir = fallback.get(key);
        const file = v.location?.file;
        if (!(error instanceof TranslateError) || dir === undefined || !file) throw error;
        const original = posix.relative(posix.dirname(file), v.str);
        let fixed: Dyn;
        try {
          fixed = translateValue(translator, p, Dyn.string(original, v.locs), dir, mode, allowOutside);
        } catch {
          throw error;
        }
        const at = v.location as Location;
        addError(state, {
          summary: `path ${original} is defined relative to the ${absolutePath(state, dir)} directory (${absolutePath(state, at.file)}:${at.line}:${at.column}). Please update the path to be relative to the file where it is defined or use earlier version of CLI (0.261.0 or earlier).`,
          locations: v.locs,
        });
        return fixed;
      }
    });
  };
}

export const translatePaths: Mutator = {
  name: 'TranslatePaths',
  apply(state) {
    if (immutableFolder(state)) {
      const loc = state.root.get('workspace')?.get('file_path')?.location;
      if (loc?.file) return addError(state, { summary: 'workspace.file_path cannot be configured when experimental.immutable_folder is true', locations: [loc] });
    }
    const translator = new Translator(state);
    const skipJobs = gitSourceJobs(state.root);
    const steps = [
      resourceTranslation(state, translator, 'jobs', JOB_RULES, JOB_LIBRARY_RULES, skipJobs),
      resourceTranslation(state, translator, 'pipelines', PIPELINE_RULES, PIPELINE_LIBRARY_RULES, new Set()),
      (root: Dyn) => visit(root, ARTIFACT_RULES, (p, mode, v) => translateValue(translator, p, v, '.', mode, true)),
      (root: Dyn) => visit(root, APP_RULES, (p, mode, v) => translateValue(translator, p, v, '.', mode, false)),
    ];
    let root = state.root;
    try {
      for (const step of steps) root = step(root);
    } catch (error) {
      if (error instanceof TranslateError) return addError(state, { summary: error.message, ...(error.subject ? { subject: error.subject } : {}) });
      throw error;
    }
    state.root = root;
  },
};

/** Dashboard and Genie space files are read relative to the sync root. */
export const translatePathsDashboards: Mutator = {
  name: 'TranslatePathsDashboards',
  apply(state) {
    const translator = new Translator(state);
    try {
      state.root = visit(state.root, [...DASHBOARD_RULES, ...GENIE_RULES], (p, mode, v) => translateValue(translator, p, v, '.', mode, false));
    } catch (error) {
      if (error instanceof TranslateError) return addError(state, { summary: error.message, ...(error.subject ? { subject: error.subject } : {}) });
      throw error;
    }
  },
};
