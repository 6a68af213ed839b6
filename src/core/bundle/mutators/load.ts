/**
 * Load phase: the root file, then every file its `include` globs name, each normalised to
 * the configuration's types and merged into one tree (later files win, lists concatenate).
 */
import { Dyn } from '../dyn/value.js';
import { decodeTrees, encodeTrees, UnencodableError } from '../dyn/codec.js';
import { merge, MergeError } from '../dyn/merge.js';
import { deleteByPath, forEachByPattern, formatPath, mapByPattern, type Path } from '../dyn/path.js';
import { loadYaml, YamlError } from '../dyn/yaml.js';
import { normalize } from '../convert/normalize.js';
import { ROOT_TYPE } from '../schema/types.js';
import { ROOT_FILE_NAMES } from '../root-files.js';
import { RESOURCE_TYPES } from '../resources.js';
import type { Diagnostic, JsonValue, Location, ParsedFileStore } from '../model.js';
import { addError, addRecommendation, addWarning, type BundleState, type Mutator } from '../state.js';


/** A configuration file that is not valid YAML: the resolver stops here (exit 2). */
export class ConfigSyntaxError extends Error {
  constructor(
    message: string,
    readonly location: Location,
    /** What to do, when it is not fixing the YAML syntax (a limit exceeded). */
    readonly hint?: string,
  ) {
    super(message);
  }
}

interface ParsedFile {
  text: string;
  /** As written, before normalisation (what rules that read files as written see). */
  raw: Dyn;
  value: Dyn;
  diagnostics: Diagnostic[];
}

/**
 * Parsed files by name: resolving several targets of one bundle (validate does) parses each
 * file once. Values are immutable, so sharing them is safe; a changed text is parsed again.
 */
const parsed = new Map<string, ParsedFile>();

/** Reads, parses and normalises one file; undefined when it reported an error. */
function loadFile(state: BundleState, file: string): Dyn | undefined {
  const text = state.files.read(file);
  if (text === undefined) {
    addError(state, `open ${file}: no such file or directory`);
    return undefined;
  }
  let entry = parsed.get(file);
  if (entry?.text !== text) {
    entry = fromStore(state.parsedFiles, file, text) ?? parseFile(state.parsedFiles, file, text);
    parsed.set(file, entry);
  }
  state.written.set(file, entry.raw);
  state.diagnostics.push(...entry.diagnostics.map((d) => ({ ...d })));
  return entry.value;
}

function parseFile(store: ParsedFileStore | undefined, file: string, text: string): ParsedFile {
  let raw: Dyn;
  try {
    raw = loadYaml(file, text);
  } catch (error) {
    if (error instanceof YamlError) throw new ConfigSyntaxError(error.message, error.location, error.hint);
    throw error;
  }
  const { value, diagnostics } = normalize(ROOT_TYPE, rewriteShorthands(raw));
  const entry = { text, raw, value: value ?? Dyn.nil, diagnostics };
  if (store) {
    try {
      store.set(file, text, { trees: encodeTrees(file, [entry.raw, entry.value]), diagnostics: diagnostics as unknown as JsonValue });
    } catch (error) {
      // Such a file is simply parsed every time.
      if (!(error instanceof UnencodableError)) throw error;
    }
  }
  return entry;
}

/** The parse an earlier run stored for this very text, if the store has one. */
function fromStore(store: ParsedFileStore | undefined, file: string, text: string): ParsedFile | undefined {
  const stored = store?.get(file, text) as { trees?: unknown; diagnostics?: Diagnostic[] } | undefined;
  if (!stored || !Array.isArray(stored.diagnostics)) return undefined;
  try {
    const [raw, value] = decodeTrees(file, stored.trees);
    return raw && value ? { text, raw, value, diagnostics: stored.diagnostics } : undefined;
  } catch {
    // An entry this build cannot read: parse the file instead.
    return undefined;
  }
}

function mergeInto(state: BundleState, value: Dyn): void {
  try {
    state.root = merge(state.root, value);
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    addError(state, { summary: error.message, locations: error.locations });
  }
}

export const entryPoint: Mutator = {
  name: 'EntryPoint',
  apply(state) {
    const found = ROOT_FILE_NAMES.filter((name) => state.files.exists(name));
    if (found.length > 1) return addError(state, `multiple bundle root configuration files found in ${'.'}`);
    const rootFile = found[0];
    if (!rootFile) return addError(state, `${ROOT_FILE_NAMES[0]} not found`);
    const value = loadFile(state, rootFile);
    if (!value) return;
    state.loadedFiles.push(rootFile);
    mergeInto(state, value);
  },
};

export const processRootIncludes: Mutator = {
  name: 'ProcessRootIncludes',
  apply(state) {
    const include = state.root.get('include');
    const entries = include?.kind === 'seq' ? include.items : [];
    const seen = new Set<string>(ROOT_FILE_NAMES);
    const files: string[] = [];
    for (const [index, entry] of entries.entries()) {
      const pattern = entry.asString() ?? '';
      // The CLI prints these three without a place (diag.Errorf); the subject still lets validate point at the entry.
      const subject = ['include', index];
      if (pattern.startsWith('/')) return addError(state, { summary: `${pattern}: includes must be relative paths`, subject });
      // Go's filepath.Glob refuses such a pattern before it looks at a file; the CLI reports its error as is.
      if (!isGlobPattern(pattern)) return addError(state, { summary: 'syntax error in pattern', subject });
      const matches = state.files.glob(pattern);
      if (matches.length === 0 && !/[*?[]/.test(pattern)) {
        return addError(state, { summary: `${pattern} defined in 'include' section does not match any files`, subject });
      }
      const includes: string[] = [];
      let notConfiguration = false;
      for (const match of matches) {
        if (seen.has(match)) continue;
        seen.add(match);
        if (!/\.(ya?ml|json)$/.test(match)) {
          addError(state, {
            summary: "Files in the 'include' configuration section must be YAML or JSON files.",
            detail: `The file ${match} in the 'include' configuration section is not a YAML or JSON file, and only such files are supported. To include files to sync, specify them in the 'sync.include' configuration section instead.`,
            locations: entry.locs,
          });
          notConfiguration = true;
          continue;
        }
        includes.push(match);
      }
      if (notConfiguration) return;
      includes.sort();
      files.push(...includes);
    }
    if (files.length === 0) state.root = deleteByPath(state.root, ['include']);
    else state.root = mapByPattern(state.root, ['include'], () => Dyn.seq(files.map((f) => Dyn.string(f)), include?.locs ?? []));
    // As in the CLI, files load once every entry has matched (an entry that fails loads none), after the list names them.
    for (const file of files) {
      if (!processInclude(state, file)) return;
    }
  },
};

/**
 * Whether Go's path.Match accepts the pattern's syntax: every `[` closes a non-empty class
 * whose ranges have both ends, and no `\\` ends the pattern.
 */
export function isGlobPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\' && ++i >= pattern.length) return false;
    if (pattern[i] === '[') {
      const end = classEnd(pattern, i + 1);
      if (end < 0) return false;
      i = end;
    }
  }
  return true;
}

/** The index of the `]` closing a class that starts at `i`, or -1. */
function classEnd(pattern: string, start: number): number {
  let i = pattern[start] === '^' ? start + 1 : start;
  for (let first = true; ; first = false) {
    if (i >= pattern.length) return -1;
    if (pattern[i] === ']' && !first) return i;
    i = classCharEnd(pattern, i);
    if (i >= 0 && pattern[i] === '-') i = classCharEnd(pattern, i + 1);
    if (i < 0) return -1;
  }
}

/** Past one character of a class (escaped or not); -1 where Go finds none. */
function classCharEnd(pattern: string, i: number): number {
  const c = pattern[i];
  if (c === undefined || c === '-' || c === ']') return -1;
  if (c !== '\\') return i + 1;
  return i + 1 < pattern.length ? i + 2 : -1;
}

function processInclude(state: BundleState, file: string): boolean {
  const value = loadFile(state, file);
  if (!value) return false;
  state.loadedFiles.push(file);
  validateFileFormat(state, value, file);
  const nested = value.get('include');
  if (nested?.kind === 'seq' && nested.items.length > 0) {
    addWarning(state, {
      summary: 'Include section is defined outside root file',
      detail: 'An include section is defined in a file that is not databricks.yml.\nOnly includes defined in databricks.yml are applied.',
      locations: nested.locs,
      paths: [['include']],
    });
  }
  mergeInto(state, value);
  return !state.diagnostics.some((d) => d.severity === 'error');
}

/** A file named `x.job.yml` should define exactly one job. */
function validateFileFormat(state: BundleState, value: Dyn, file: string): void {
  for (const singular of Object.values(RESOURCE_TYPES)) {
    const ext = ['yml', 'yaml'].map((e) => `.${singular}.${e}`).find((e) => file.endsWith(e));
    if (!ext) continue;
    const found: { path: Path; value: Dyn; type: string; key: string }[] = [];
    const collect = (path: Path, v: Dyn, typeIndex: number): void => {
      found.push({ path, value: v, type: RESOURCE_TYPES[path[typeIndex] as string] ?? '', key: path[typeIndex + 1] as string });
    };
    forEachByPattern(value, ['resources', '*', '*'], (p, v) => collect(p, v, 1));
    forEachByPattern(value, ['targets', '*', 'resources', '*', '*'], (p, v) => collect(p, v, 3));
    const keys = new Set(found.map((r) => r.key));
    if (found.every((r) => r.type === singular) && keys.size <= 1) return;
    const lines = [...new Set(found.map((r) => `  - ${r.key} (${r.type})\n`))].sort();
    addRecommendation(state, {
      summary: `define a single ${singular.replaceAll('_', ' ')} in a file with the ${ext} extension.`,
      detail: `The following resources are defined or configured in this file:\n${lines.join('')}`,
      locations: found.flatMap((r) => r.value.locs).sort((a, b) => compareText(formatLoc(a), formatLoc(b))),
      paths: found.map((r) => r.path).sort((a, b) => compareText(formatPath(a), formatPath(b))),
    });
    return;
  }
}

function formatLoc(l: Location): string {
  return `${l.file}:${l.line}:${l.column}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const FULL_VARIABLE_DEFINITIONS = [['default', 'type', 'description'], ['default', 'type'], ['default', 'description'], ['lookup', 'description'], ['default'], ['lookup']];

/**
 * Target variables may be written as bare values (`targets.dev.variables.x: 5`): the CLI
 * turns them into `{default: 5}` before anything else reads them.
 */
function rewriteShorthands(root: Dyn): Dyn {
  if (root.kind !== 'map') return root;
  return mapByPattern(root, ['targets', '*', 'variables', '*'], (path, variable) => {
    switch (variable.kind) {
      case 'string':
      case 'bool':
      case 'int':
      case 'float':
        return Dyn.map(new Map([['default', { keyLocs: [], value: variable }]]), variable.locs);
      case 'map':
      case 'seq': {
        if (isFullVariableDefinition(variable)) return variable;
        const type = root.get('variables')?.get(path[3] as string)?.get('type');
        const entries = new Map([['default', { keyLocs: [] as Location[], value: variable }]]);
        if (type?.asString() === 'complex') entries.set('type', { keyLocs: [], value: type });
        return Dyn.map(entries, variable.locs);
      }
      default:
        return variable;
    }
  });
}

function isFullVariableDefinition(v: Dyn): boolean {
  if (v.kind !== 'map' || v.entries.size > 3) return false;
  return FULL_VARIABLE_DEFINITIONS.some((keys) => keys.length === v.entries.size && keys.every((k) => v.entries.has(k)));
}
