/**
 * The project a command works on, opened once per run from `--cwd`: the bundle root, the
 * schema-checked dataops.yml, the git facts, who deploys (asked lazily, once), each target
 * resolved at most once per set of variables, and the one decision of whether a target is
 * deployed into a sandbox namespace. Every command gets it through its context and hands it
 * down, so nothing below a command looks for the root, reads dataops.yml or resolves again,
 * and what deploy checks is what the CLI is then given. A project opened for a command that
 * works against a workspace (guard, deploy, plan, verify…) resolves each deployment's variable
 * lookups there, as the CLI does when it is connected, and hands their values to the CLI.
 */
import type { BundleFiles, BundleResolver, Diagnostic, Identity, JsonObject, ResolvedTarget } from '../core/bundle/model.js';
import type { Vars } from '../core/bundle/var-flags.js';
import { placeOf } from '../core/bundle/place.js';
import type { Deployment } from '../core/deploy/deployment.js';
import { productionSettings } from '../core/deploy/settings.js';
import { classifyTarget, NAMESPACE_VAR, takesNamespace, type TargetKind } from '../core/deploy/target-kind.js';
import { UsageError } from '../core/errors.js';
import { chooseBranch, sandboxNamespace, type BranchSource, type SandboxNamespace } from '../core/sandbox/namespace.js';
import type { Settings } from '../core/settings.js';
import type { YamlSource } from '../core/yaml-source.js';
import { findBundleRoot, hasBundleRoot } from './bundle-root.js';
export type { Deployment } from '../core/deploy/deployment.js';
import type { GitLookup } from './git.js';
import type { IdentityLookup } from './identity.js';
import type { WorkspaceClient } from './workspace/client.js';


export interface NamespaceLookup extends SandboxNamespace {
  identity: Identity;
  source: { user: string; branch: BranchSource };
}

/** What a project did, for `DATAOPS_TRACE=project` (the tests count it). */
export type ProjectEvent = 'root' | 'settings' | 'identity' | 'load' | `resolve ${string}` | `lookups ${string}`;

export interface ProjectOptions {
  trace?: (event: ProjectEvent) => void;
  /** The command works against the workspace: deployments resolve their variable lookups there. */
  online?: boolean;
}

export class Project {
  private rootDir: string | undefined;
  private bundleFiles: Promise<BundleFiles> | undefined;
  private settingsMemo: Promise<{ settings: Settings; source: YamlSource | undefined }> | undefined;
  private gitMemo: Promise<GitLookup> | undefined;
  private identityMemo: Promise<IdentityLookup> | undefined;
  private bundleMemo: Promise<BundleResolver> | undefined;
  private readonly resolutions = new Map<string, ResolvedTarget>();
  private readonly deployments = new Map<string, Promise<{ kind: TargetKind; namespace: string | null }>>();
  private workspaceMemo: Promise<WorkspaceClient> | undefined;
  private readonly trace: (event: ProjectEvent) => void;
  /** Whether deployments resolve their lookups with the workspace. */
  readonly online: boolean;

  constructor(
    /** The directory the command was run in (`--cwd`, absolute). */
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
    options: ProjectOptions = {},
  ) {
    this.trace = options.trace ?? (() => {});
    this.online = options.online === true;
  }

  /** The workspace the environment points at, authenticated as the CLI would be; connected once. */
  workspace(): Promise<WorkspaceClient> {
    this.workspaceMemo ??= import('./workspace/client.js').then(({ connectWorkspace }) => connectWorkspace(this.env));
    return this.workspaceMemo;
  }

  /** The bundle root, as the Databricks CLI finds it; a usage error when there is no bundle. */
  root(): string {
    if (this.rootDir === undefined) {
      this.rootDir = findBundleRoot(this.cwd, this.env);
      this.trace('root');
    }
    return this.rootDir;
  }

  /** Whether there is a bundle at or above the working directory. */
  hasBundle(): boolean {
    return this.rootDir !== undefined || hasBundleRoot(this.cwd, this.env);
  }

  /** The bundle root, or the working directory for the commands that also work outside a bundle. */
  rootOrCwd(): string {
    return this.hasBundle() ? this.root() : this.cwd;
  }

  /** The project's files, each read at most once. */
  files(): Promise<BundleFiles> {
    this.bundleFiles ??= import('./bundle-files.js').then(({ fsBundleFiles }) => fsBundleFiles(this.rootOrCwd()));
    return this.bundleFiles;
  }

  /** dataops.yml, schema-checked (defaults when there is none); a usage error at its line when it is not valid. */
  async settings(): Promise<Settings> {
    return (await this.loadSettings()).settings;
  }

  /** dataops.yml as written, to point at a setting's line; undefined when there is no file. */
  async settingsSource(): Promise<YamlSource | undefined> {
    return (await this.loadSettings()).source;
  }

  private loadSettings(): Promise<{ settings: Settings; source: YamlSource | undefined }> {
    this.settingsMemo ??= (async () => {
      const [{ parseSettings, settingsSourceOf, SETTINGS_FILE }, { RULES }, files] = await Promise.all([import('../core/settings.js'), import('../core/rules/catalog.js'), this.files()]);
      const text = files.read(SETTINGS_FILE);
      this.trace('settings');
      return { settings: parseSettings(text, RULES), source: settingsSourceOf(text) };
    })();
    return this.settingsMemo;
  }

  /** The git facts a bundle reads (branch, commit, origin), from DATAOPS_GIT_* or the repository around the project. */
  git(): Promise<GitLookup> {
    this.gitMemo ??= import('./git.js').then(({ readGitInfo }) => readGitInfo(this.rootOrCwd(), this.env));
    return this.gitMemo;
  }

  /** Who deploys: DATAOPS_CURRENT_USER, the workspace's answer (cached), git's user.email or the login name. */
  identity(): Promise<IdentityLookup> {
    this.identityMemo ??= import('./identity.js').then(async ({ readIdentity }) => {
      const found = await readIdentity(this.rootOrCwd(), this.env);
      this.trace('identity');
      return found;
    });
    return this.identityMemo;
  }

  /**
   * Takes who deploys from the workspace itself (guard, drift, verify ask it before names are
   * final). Only before anything was resolved: names made with another user would be wrong.
   */
  useWorkspaceIdentity(identity: Identity, source: string): void {
    if (this.resolutions.size > 0) throw new Error('the workspace identity arrived after a target was resolved');
    this.identityMemo = Promise.resolve({ identity, source });
  }

  /** The bundle's files loaded and merged, once for every target. */
  bundle(): Promise<BundleResolver> {
    this.bundleMemo ??= (async () => {
      const [{ loadBundle }, { cachedParsedFiles }, { pythonRunner }, identity, files, git] = await Promise.all([
        import('../core/bundle/resolve.js'),
        import('./parsed-file-cache.js'),
        import('./python-build.js'),
        this.identity(),
        this.files(),
        this.git(),
      ]);
      const parsedFiles = cachedParsedFiles(this.env);
      const python = pythonRunner(this.root(), this.env);
      const loaded = loadBundle({ files, parsedFiles, vars: [], env: this.env, identity: identity.identity, git: git.info, rootDir: this.root(), python });
      parsedFiles.save();
      this.trace('load');
      return loaded;
    })();
    return this.bundleMemo;
  }

  /** A target resolved with these variables, at most once per run. */
  async resolve(target: string | undefined, vars: Vars = [], options: { includeLocations?: boolean } = {}): Promise<ResolvedTarget> {
    const key = JSON.stringify([target ?? null, vars, options.includeLocations === true]);
    const known = this.resolutions.get(key);
    if (known) return known;
    if (options.includeLocations) {
      const [{ resolveBundle }, { cachedParsedFiles }, { pythonRunner }, identity, files, git] = await Promise.all([
        import('../core/bundle/resolve.js'),
        import('./parsed-file-cache.js'),
        import('./python-build.js'),
        this.identity(),
        this.files(),
        this.git(),
      ]);
      const parsedFiles = cachedParsedFiles(this.env);
      const python = pythonRunner(this.root(), this.env);
      const resolved = resolveBundle({ files, parsedFiles, target, vars, env: this.env, identity: identity.identity, git: git.info, rootDir: this.root(), includeLocations: true, python });
      parsedFiles.save();
      this.resolutions.set(key, resolved);
      return resolved;
    }
    const [bundle, identity] = await Promise.all([this.bundle(), this.identity()]);
    const resolved = bundle.resolve(target, { vars, identity: identity.identity });
    this.resolutions.set(key, resolved);
    // The default target is the same resolution as that target by name.
    if (target === undefined && resolved.target !== null) this.resolutions.set(JSON.stringify([resolved.target, vars, false]), resolved);
    this.trace(`resolve ${resolved.target ?? target ?? '(default)'}`);
    return resolved;
  }

  /** These targets, or every target the bundle declares (validate); a usage error when one cannot be selected. */
  async targets(names: readonly string[]): Promise<ResolvedTarget[]> {
    const targets: ResolvedTarget[] = [];
    for (const name of await this.targetNames(names)) targets.push(await this.selectTarget(name));
    return targets;
  }

  /**
   * The names `targets` would resolve, without resolving them (but the default, which tells
   * whether the bundle loads at all when no name is given).
   */
  async targetNames(names: readonly string[]): Promise<string[]> {
    if (names.length > 0) return [...names];
    // Resolving without a target loads every file (and picks the default target, when there is one).
    const first = await this.resolve(undefined);
    if (!first.loaded) throw loadError(first, 'the bundle could not be loaded');
    const declared = [...(await this.bundle()).declared().targets.keys()];
    // Without targets, the error that stopped the load (an include) is what there is to say.
    if (declared.length === 0 && first.target === null && first.diagnostics.some((d) => d.severity === 'error')) throw loadError(first, 'the bundle could not be loaded');
    if (declared.length === 0) return first.target === null ? [] : [first.target];
    return declared;
  }

  /**
   * One target resolved for a caller that keeps it: the project holds no reference to it
   * afterwards (an earlier resolution it held is handed over), so a command that goes through
   * many large targets one at a time frees each when done with it.
   */
  async takeTarget(name: string): Promise<ResolvedTarget> {
    const resolved = await this.selectTarget(name);
    for (const [key, held] of this.resolutions) if (held === resolved) this.resolutions.delete(key);
    return resolved;
  }

  private async selectTarget(name: string): Promise<ResolvedTarget> {
    const resolved = await this.resolve(name);
    if (resolved.target === null) throw loadError(resolved, `target ${name} is not defined in the bundle`);
    return resolved;
  }

  /** The sandbox namespace of whoever runs dataops here, on this branch. */
  async namespace(): Promise<NamespaceLookup> {
    const [identity, git] = await Promise.all([this.identity(), this.git()]);
    const { branch, source } = chooseBranch({ env: this.env, gitBranch: git.info?.branch, gitCommit: git.info?.commit, inRepository: git.info !== null });
    return { ...sandboxNamespace(identity.identity, branch), identity: identity.identity, source: { user: identity.source, branch: source } };
  }

  /**
   * A target as deploy sees it. The kind and namespace are decided once, from what the files
   * declare (the target's mode, dataops.yml's production targets, the `namespace` variable),
   * before anything is resolved, so the target is resolved once, already with its namespace.
   * A `--var namespace=…` or BUNDLE_VAR_namespace of the user's own wins.
   */
  async deployment(target: string | undefined, userVars: Vars = []): Promise<Deployment> {
    const name = target ?? (await this.resolve(undefined, userVars)).target;
    if (name === null || name === undefined) throw loadError(await this.resolve(undefined, userVars), 'the bundle has no default target');
    let decided = this.deployments.get(name);
    if (!decided) {
      decided = this.decide(name);
      this.deployments.set(name, decided);
    }
    const { kind, namespace } = await decided;
    const own = userVars.some(([n]) => n === NAMESPACE_VAR) || this.env[`BUNDLE_VAR_${NAMESPACE_VAR}`] !== undefined;
    const vars: Vars = namespace && !own ? [[NAMESPACE_VAR, namespace], ...userVars] : userVars;
    const resolved = await this.resolve(name, vars);
    if (resolved.target !== name) throw loadError(resolved, `target ${name} is not defined in the bundle`);
    return { target: name, kind, namespace: namespace && !own ? namespace : null, ...(await this.lookedUp(name, vars, resolved)) };
  }

  /**
   * Online, the target again with the values its lookups have in the workspace (as --var, so
   * the CLI is given the very values that were checked). A name that matches no object or
   * several is the target's error, in the CLI's words. A workspace that does not answer leaves
   * them open with a warning per lookup, and the deployment says so: the guard then fails
   * closed for production, as for any workspace it cannot check.
   */
  private async lookedUp(target: string, vars: Vars, resolved: ResolvedTarget): Promise<Pick<Deployment, 'vars' | 'resolved' | 'unansweredLookups' | 'failedLookups'>> {
    if (!this.online) return { vars, resolved };
    const { pendingLookups, resolveLookups, describeLookup } = await import('../core/bundle/lookups.js');
    const pending = pendingLookups(resolved);
    if (pending.length === 0 || resolved.diagnostics.some((d) => d.severity === 'error')) return { vars, resolved };
    const { values, errors, unanswered } = await resolveLookups(pending, (await this.workspace()).lookups);
    this.trace(`lookups ${target}`);
    if (unanswered.length > 0) {
      const warnings = unanswered.map(({ lookup, reason }): Diagnostic => ({
        severity: 'warning',
        summary: `${describeLookup(lookup)} could not be looked up in the workspace: ${reason}`,
        detail: `\${var.${lookup.variable}} stays unresolved; try again when the workspace answers, or give the variable a value (--var ${lookup.variable}=…)`,
        locations: lookup.location ? [lookup.location] : [],
        paths: [],
      }));
      const unansweredLookups = `the workspace did not answer the lookups of target ${target}: ${unanswered.map((u) => `${describeLookup(u.lookup)}: ${u.reason}`).join('; ')}`;
      return { vars, resolved: { ...resolved, diagnostics: [...resolved.diagnostics, ...warnings] }, unansweredLookups };
    }
    // As in the CLI, a lookup that fails stops the resolution: its errors are the target's.
    if (errors.length > 0) return { vars, resolved: { ...resolved, diagnostics: [...resolved.diagnostics, ...errors] }, failedLookups: errors };
    const withValues: Vars = [...vars, ...values];
    return { vars: withValues, resolved: await this.resolve(target, withValues) };
  }

  private async decide(target: string): Promise<{ kind: TargetKind; namespace: string | null }> {
    const [declared, settings] = await Promise.all([this.bundle().then((b) => b.declared()), this.settings()]);
    const facts = declared.targets.get(target);
    if (!facts) return { kind: 'staging', namespace: null };
    const config: JsonObject = { bundle: facts.mode ? { mode: facts.mode } : {}, variables: Object.fromEntries(declared.variables.map((v): [string, JsonObject] => [v, {}])) };
    const kind = classifyTarget(target, config, productionSettings(settings.raw));
    return { kind, namespace: takesNamespace(kind, config) ? (await this.namespace()).namespace : null };
  }
}

/** The resolver could not select or load a target: an input error (exit 2) at its place. */
function loadError(resolved: ResolvedTarget, fallback: string): UsageError {
  const error = resolved.diagnostics.find((d) => d.severity === 'error');
  const place = error ? placeOf(error, resolved) : undefined;
  return new UsageError(error?.summary ?? fallback, {
    ...(place ? { location: place } : {}),
    hint: error?.detail ?? 'dataops resolve -t <target> shows what the Databricks CLI would report',
  });
}
