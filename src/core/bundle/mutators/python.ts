/**
 * Python-defined resources and mutators (the `python:` section, the databricks-bundles
 * package), run as the CLI runs them: after the YAML resources are initialised, the
 * configuration goes to `python -m databricks.bundles.build --phase <phase>` as JSON, and
 * what comes back replaces it. `load_resources` may only add resources, `apply_mutators` may
 * only change them; added resources get the same normalisation and presets as YAML ones,
 * changed ones are normalised again. Values keep the Python file and line they came from.
 */
import { posix } from 'node:path';
import type { Diagnostic, Location, PythonBuildRequest } from '../model.js';
import { Dyn, type DynMap } from '../dyn/value.js';
import { deleteByPath, formatPath, parsePath, setByPath, type Path, type PathPart } from '../dyn/path.js';
import { loadYaml, YamlError } from '../dyn/yaml.js';
import { override, UNDO_DELETE } from '../dyn/override.js';
import { normalize } from '../convert/normalize.js';
import { ROOT_TYPE } from '../schema/types.js';
import { addError as addAnyError, applySequence, hasErrors, type BundleState, type DiagnosticInput, type Mutator } from '../state.js';

type Phase = PythonBuildRequest['phase'];

/** The file the CLI pretends Python's output was read from (at the bundle root, so relative paths stay inside it). */
export const GENERATED_FILE = '__generated_by_python__.yml';

/** The bundles package the pinned CLI's templates install (libs/template/templates/default/library/versions.tmpl). */
export const DATABRICKS_BUNDLES_VERSION = '1.12.1';

const INSTALL_EXPLANATION = `Ensure that 'databricks-bundles' is installed in Python environment:

  $ .venv/bin/pip install databricks-bundles

If using a virtual environment, ensure it is specified as the venv_path property in databricks.yml,
or activate the environment before running CLI commands:

  experimental:
    python:
      venv_path: .venv
`;

/** What the steps the CLI reruns on resources Python added or changed are. */
export interface ResourceSteps {
  /** Normalisation (references, keyed merges, fixups): for added and changed resources. */
  normalize: readonly Mutator[];
  /** Run-as, compute override, presets, defaults, permissions: for added resources only. */
  initialize: readonly Mutator[];
  /** Permissions owner fix: for changed resources. */
  fixPermissions: Mutator;
}

export function pythonMutator(phase: Phase, steps: ResourceSteps): Mutator {
  return {
    name: `PythonMutator(${phase})`,
    apply(state) {
      moveToExperimental(state);
      const venvPath = enabledVenvPath(state);
      if (venvPath === undefined || hasErrors(state)) return;
      if (state.env.DATABRICKS_BUNDLE_RESTRICTED_CODE_EXECUTION !== undefined) {
        return addError(state, 'Running Python code is not allowed when DATABRICKS_BUNDLE_RESTRICTED_CODE_EXECUTION is set');
      }
      const output = runBuild(state, phase, venvPath);
      if (!output) return;
      const changes = applyOutput(state, output, phase);
      if (!changes) return;
      if (changes.added.size > 0) onlyResources(state, changes.added, [...steps.normalize, ...steps.initialize]);
      if (!hasErrors(state) && changes.updated.size > 0) onlyResources(state, changes.updated, [...steps.normalize, steps.fixPermissions]);
    },
  };
}

/** Older databricks-bundles releases read `experimental.python`: the CLI copies `python` there. */
function moveToExperimental(state: BundleState): void {
  const python = state.root.get('python');
  if (python === undefined || state.root.get('experimental')?.get('python') !== undefined) return;
  state.root = setByPath(state.root, ['experimental', 'python'], python);
}

/** venv_path ('' for none) when a python section is configured; undefined when Python is not used. */
function enabledVenvPath(state: BundleState): string | undefined {
  const experimental = state.root.get('experimental');
  if (isConfigured(experimental?.get('pydabs'))) {
    addError(state, 'failed to apply python mutator: experimental/pydabs is deprecated, use python instead (https://docs.databricks.com/dev-tools/bundles/python)');
    return undefined;
  }
  const python = state.root.get('python');
  const legacy = experimental?.get('python');
  const section = isConfigured(python) ? python : isConfigured(legacy) ? legacy : undefined;
  if (section === undefined) return undefined;
  if (isConfigured(python) && isConfigured(legacy) && JSON.stringify(python?.toJS()) !== JSON.stringify(legacy?.toJS())) {
    addError(state, "failed to apply python mutator: 'experimental/python' and 'python' configuration properties are mutually exclusive, use only 'python'");
    return undefined;
  }
  return section.get('venv_path')?.asString() ?? '';
}

/** A section differs from the empty struct (the CLI compares with reflect.DeepEqual: an empty list counts). */
function isConfigured(section: Dyn | undefined): boolean {
  if (section?.kind !== 'map') return false;
  for (const [, pair] of section.entries) {
    if (pair.value.kind === 'seq' || (pair.value.kind !== 'nil' && !pair.value.isZero())) return true;
  }
  return false;
}

/** Runs the build; the output tree with Python locations, or undefined after reporting why not. */
function runBuild(state: BundleState, phase: Phase, venvPath: string): Dyn | undefined {
  if (!state.python) {
    addError(state, {
      summary: 'failed to get Python interpreter path: this dataops run cannot start Python',
      detail: `The bundle defines resources in Python (the python: section). Install Python 3.10 or newer with databricks-bundles==${DATABRICKS_BUNDLES_VERSION}.`,
    });
    return undefined;
  }
  const result = state.python.build({ phase, venvPath, input: inputJson(state.root) });
  if (result.kind === 'no-interpreter') {
    addError(state, {
      summary: `failed to get Python interpreter path: ${result.reason}`,
      detail: `The bundle defines resources in Python (the python: section), so Python 3.10 or newer with databricks-bundles is needed to load it:\n\n  $ python3 -m venv .venv && .venv/bin/pip install databricks-bundles==${DATABRICKS_BUNDLES_VERSION}\n\nand venv_path: .venv in the python: section of databricks.yml.`,
    });
    return undefined;
  }
  const diagnostics = result.diagnostics === undefined ? undefined : parseDiagnostics(state, result.diagnostics);
  if (diagnostics instanceof Error) {
    if (result.exitError === undefined) {
      addError(state, `failed to load diagnostics: ${diagnostics.message}`);
      return undefined;
    }
  } else if (diagnostics?.some((d) => d.severity === 'error')) {
    state.diagnostics.push(...diagnostics);
    return undefined;
  }
  if (result.exitError !== undefined) {
    const moduleMissing = result.stderr.includes("Error while finding module specification for 'databricks.bundles.build'");
    addError(state, {
      summary: `python mutator process failed: ${JSON.stringify(result.exitError)}, use --debug to enable logging`,
      detail: moduleMissing ? `${result.stderr}\nExplanation: 'databricks-bundles' library is not installed in the Python environment.\n\n${INSTALL_EXPLANATION}` : result.stderr,
    });
    return undefined;
  }
  if (diagnostics === undefined) {
    addError(state, 'failed to load diagnostics: failed to open diagnostics file: no such file or directory');
    return undefined;
  }
  if (diagnostics instanceof Error) return undefined;
  const locations = parseLocations(state, result.locations ?? '');
  if (locations instanceof Error) {
    addError(state, `failed to load locations: ${locations.message}`);
    return undefined;
  }
  if (result.output === undefined) {
    addError(state, 'failed to open output file: no such file or directory');
    return undefined;
  }
  let generated: Dyn;
  try {
    generated = loadYaml(GENERATED_FILE, result.output);
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    addError(state, `failed to parse output file: ${error.message}`);
    return undefined;
  }
  state.diagnostics.push(...diagnostics);
  const normalized = normalize(ROOT_TYPE, withPythonLocations(generated, locations, []));
  // Python's output is already normalised: anything normalisation complains about is an error.
  state.diagnostics.push(...normalized.diagnostics.map((d): Diagnostic => (d.severity === 'warning' ? { ...d, severity: 'error' } : d)));
  if (hasErrors(state)) return undefined;
  return normalized.value ?? Dyn.nil;
}

/** The configuration as Go's json.Marshal of the dynamic value writes it (exact integers, no redaction). */
function inputJson(root: Dyn): string {
  const encode = (v: Dyn): string => {
    switch (v.kind) {
      case 'map':
        return `{${[...v.entries].map(([k, p]) => `${JSON.stringify(k)}:${encode(p.value)}`).join(',')}}`;
      case 'seq':
        return `[${v.items.map(encode).join(',')}]`;
      case 'string':
        return JSON.stringify(v.str);
      case 'nil':
        return 'null';
      case 'float':
        return Number.isFinite(v.raw) ? JSON.stringify(v.raw) : 'null';
      default:
        return String(v.raw);
    }
  };
  return encode(root);
}

/** JSON objects one after another (the files Python writes: one per line). */
function jsonStream(text: string): unknown[] | Error {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch (error) {
      return new Error((error as Error).message);
    }
  }
  return out;
}

/** A file Python names (relative to the bundle root or absolute) as the resolver names files. */
function bundleRelative(state: BundleState, file: string): string {
  if (!file.startsWith('/')) return posix.normalize(file);
  const root = posix.resolve('/', state.rootDir);
  const relative = posix.relative(root, file);
  return relative.startsWith('..') ? file : relative;
}

function parseDiagnostics(state: BundleState, text: string): Diagnostic[] | Error {
  const entries = jsonStream(text);
  if (entries instanceof Error) return new Error(`failed to parse diags: ${entries.message}`);
  const out: Diagnostic[] = [];
  for (const entry of entries as Record<string, unknown>[]) {
    const severity = entry.severity;
    if (severity !== 'error' && severity !== 'warning') return new Error(`failed to parse severity: unexpected value: ${String(severity)}`);
    const location = entry.location as { file?: string; line?: number; column?: number } | undefined;
    const d: Diagnostic = {
      severity,
      summary: String(entry.summary ?? ''),
      locations: location?.file ? [{ file: bundleRelative(state, location.file), line: location.line ?? 0, column: location.column ?? 0 }] : [],
      paths: typeof entry.path === 'string' && entry.path !== '' ? [entry.path] : [],
    };
    if (d.locations.length === 0) d.subject = state.root.get('python') !== undefined ? ['python'] : ['experimental', 'python'];
    if (typeof entry.detail === 'string' && entry.detail !== '') d.detail = entry.detail;
    out.push(d);
  }
  return out;
}

/** Where each path of the output was written in Python: a trie from path components to a location. */
interface LocationTrie {
  location?: Location;
  children: Map<PathPart, LocationTrie>;
}

function parseLocations(state: BundleState, text: string): LocationTrie | Error {
  const trie: LocationTrie = { children: new Map() };
  const entries = jsonStream(text);
  if (entries instanceof Error) return new Error(`failed to parse python location: ${entries.message}`);
  for (const entry of entries as { path?: string; file?: string; line?: number; column?: number }[]) {
    const path = parsePath(entry.path ?? '');
    if (!path) return new Error(`failed to parse python location: invalid path ${JSON.stringify(entry.path)}`);
    let node = trie;
    for (const part of path) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.location = { file: bundleRelative(state, entry.file ?? ''), line: entry.line ?? 0, column: entry.column ?? 0 };
  }
  return trie;
}

/** Every value takes the location of its closest ancestor Python reported, before its own non-generated ones. */
function withPythonLocations(v: Dyn, trie: LocationTrie | undefined, inherited: readonly Location[]): Dyn {
  const own = trie?.location ? [trie.location] : inherited;
  const locs = own.length > 0 ? [...own, ...v.locs.filter((l) => l.file !== GENERATED_FILE)] : v.locs;
  if (v.kind === 'map') {
    const entries: DynMap = new Map();
    for (const [k, pair] of v.entries) entries.set(k, { keyLocs: pair.keyLocs, value: withPythonLocations(pair.value, trie?.children.get(k), own) });
    return Dyn.map(entries, locs);
  }
  if (v.kind === 'seq') return Dyn.seq(v.items.map((item, i) => withPythonLocations(item, trie?.children.get(i), own)), locs);
  return v.withLocs(locs);
}

interface Changes {
  added: Map<string, Set<string>>;
  updated: Map<string, Set<string>>;
}

/** Replaces the configuration with Python's output; the resources it added and changed, or undefined after an error. */
function applyOutput(state: BundleState, output: Dyn, phase: Phase): Changes | undefined {
  const added = new Map<string, Set<string>>();
  const updated = new Map<string, Set<string>>();
  const deleted = new Map<string, Set<string>>();
  const note = (set: Map<string, Set<string>>, type: string, name: string): void => {
    set.set(type, (set.get(type) ?? new Set()).add(name));
  };
  const noteAll = (set: Map<string, Set<string>>, path: Path, value: Dyn): void => {
    if (path.length === 1) for (const [type, pair] of value.kind === 'map' ? value.entries : []) noteAll(set, [...path, type], pair.value);
    else if (path.length === 2) for (const [name] of value.kind === 'map' ? value.entries : []) note(set, path[1] as string, name);
    else note(set, path[1] as string, path[2] as string);
  };
  const inResources = (path: Path, change: string): void => {
    if (path[0] !== 'resources') throw new OutsideResources(`unexpected change at ${JSON.stringify(formatPath(path))} (${change})`);
  };
  let merged: Dyn;
  try {
    merged = override(state.root, output, {
      onDelete(path, left) {
        if (left.kind === 'nil' || ((left.kind === 'map' || left.kind === 'seq') && left.isZero())) return UNDO_DELETE;
        inResources(path, 'delete');
        if (path.length <= 3) noteAll(deleted, path, left);
        else note(updated, path[1] as string, path[2] as string);
      },
      onInsert(path, right) {
        inResources(path, 'insert');
        if (path.length <= 3) noteAll(added, path, right);
        else note(updated, path[1] as string, path[2] as string);
        return right;
      },
      onUpdate(path, _left, right) {
        inResources(path, 'update');
        if (path.length <= 3) noteAll(added, path, right);
        else note(updated, path[1] as string, path[2] as string);
        return right;
      },
    });
  } catch (error) {
    if (!(error instanceof OutsideResources)) throw error;
    addError(state, `internal error when merging output of Python mutator: ${error.message}`);
    return undefined;
  }
  const problem = deleted.size > 0 ? ['deleted', deleted] : phase === 'apply_mutators' && added.size > 0 ? ['added', added] : phase === 'load_resources' && updated.size > 0 ? ['updated', updated] : undefined;
  if (problem) {
    const [what, keys] = problem as [string, Map<string, Set<string>>];
    addError(state, `unexpected ${what} resources: [${[...keys].flatMap(([type, names]) => [...names].sort().map((n) => `{${type} ${n}}`)).join(' ')}]`);
    return undefined;
  }
  state.root = merged;
  return { added, updated };
}

class OutsideResources extends Error {}

/** Errors of the Python step point at the python section (the CLI prints them without a place). */
function addError(state: BundleState, input: DiagnosticInput | string): void {
  const subject = state.root.get('python') !== undefined ? ['python'] : ['experimental', 'python'];
  addAnyError(state, { ...(typeof input === 'string' ? { summary: input } : input), subject });
}

/**
 * Runs steps on the given resources alone (the rest of the configuration as context), then puts
 * them back: what the steps changed outside those resources is discarded, as in the CLI.
 */
function onlyResources(state: BundleState, keys: Map<string, Set<string>>, steps: readonly Mutator[]): void {
  const snapshot = state.root;
  const resources = snapshot.get('resources');
  const selected: DynMap = new Map();
  for (const [type, names] of keys) {
    const all = resources?.get(type);
    if (all?.kind !== 'map') continue;
    const kept: DynMap = new Map([...all.entries].filter(([name]) => names.has(name)));
    selected.set(type, { keyLocs: resources?.entries.get(type)?.keyLocs ?? [], value: Dyn.map(kept, all.locs) });
  }
  state.root = setByPath(deleteByPath(snapshot, ['resources']), ['resources'], Dyn.map(selected, resources?.locs ?? []));
  applySequence(state, steps);
  const processed = state.root.get('resources');
  let out = snapshot;
  for (const [type, pair] of processed?.kind === 'map' ? processed.entries : []) {
    if (pair.value.kind !== 'map') continue;
    for (const [name, resource] of pair.value.entries) out = setByPath(out, ['resources', type, name], resource.value);
  }
  state.root = out;
}
