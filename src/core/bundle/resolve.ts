/**
 * The offline equivalent of `databricks bundle validate`: the CLI's load and initialize
 * phases as a sequence of small named mutators over one located configuration tree.
 */
import { UsageError } from '../errors.js';
import type { BundleResolver, ConfigPath, DeclaredBundle, ResolveRequest, ResolvedTarget } from './model.js';
import type { Dyn } from './dyn/value.js';
import type { YamlSource } from '../yaml-source.js';
import { lookup } from './dyn/path.js';
import { typedView } from './convert/typed.js';
import { renderJson, toJsonValue } from './render-json.js';
import { redactSensitive, withLocations } from './output.js';
import { applySequence, forkState, hasErrors, newState, type BundleState, type Mutator } from './state.js';
import { writtenSource } from './written-source.js';
import { ConfigSyntaxError, entryPoint, processRootIncludes } from './mutators/load.js';
import {
  computeIdToClusterId,
  defineDefaultTarget,
  environmentsToTargets,
  initializeVariables,
  noVariableReferenceInResourceKey,
  selectTarget,
  uniqueResourceKeys,
} from './mutators/targets.js';
import { applyCliVariables, setVariables } from './mutators/variables.js';
import { resolveReferencesInLookup, resolveReferencesOnlyResources, resolveReferencesWithoutResources, resolveVolumePathReferences } from './mutators/interpolate.js';
import {
  defineDefaultWorkspacePaths,
  defineDefaultWorkspaceRoot,
  expandWorkspaceRoot,
  loadGitDetails,
  populateCurrentUser,
  prependWorkspacePrefix,
  rewriteSyncPaths,
  rewriteWorkspacePrefix,
  syncDefaultPath,
  syncInferRoot,
} from './mutators/workspace.js';
import {
  clusterFixups,
  configureDashboardSerializedDashboard,
  configureGenieSpaceSerializedSpace,
  dashboardFixups,
  genieSpaceFixups,
  jobClustersFixups,
  loadAlertFiles,
  modelServingEndpointFixups,
} from './mutators/fixups.js';
import { applyBundlePermissions, fixPermissions, permissionDiagnostics, setRunAs, validateSharedRootPermissions } from './mutators/permissions.js';
import { requiredFields, terraformOnlyReferences } from './mutators/validate.js';
import { enumFields } from './mutators/enum-fields.js';
import {
  allResourcesHaveValues,
  noInterpolationInAuthConfig,
  noInterpolationInBundleName,
  validateEngine,
  validateScripts,
  validateDashboardEtags,
  validateGenieSpaceEtags,
  validateSecretValueIsVariable,
  validateVolumePath,
} from './mutators/initialize-checks.js';
import { normalizePaths, translatePaths, translatePathsDashboards } from './mutators/paths.js';
import {
  annotateJobs,
  captureUCDependencies,
  annotatePipelines,
  dropEmptyStrings,
  initializeVolumePaths,
  mergeApps,
  mergeGrants,
  mergeJobClusters,
  mergeJobParameters,
  mergeJobTasks,
  mergePipelineClusters,
} from './mutators/resources.js';
import { pythonMutator } from './mutators/python.js';
import { expandPipelineGlobPaths } from './mutators/pipeline-globs.js';
import { singleNodeCluster } from './mutators/single-node-cluster.js';
import { jobClusterKeyDefined, jobTaskClusterSpec } from './mutators/fast-validate.js';
import { applyArtifactsDynamicVersion, prepareArtifacts } from './mutators/artifacts.js';
import { applyPresets, applyTargetMode, overrideCompute, resourceDefaults, validateTargetMode } from './mutators/presets.js';

/** Replaces the tree with what survives the CLI's typed configuration (it converts after every step). */
const typedRoundTrip: Mutator = {
  name: 'TypedRoundTrip',
  apply(state) {
    state.root = typedView(state.root);
  },
};

/** The load phase up to target selection: nothing here depends on the target. */
const LOAD: readonly Mutator[] = [
  entryPoint,
  processRootIncludes,
  typedRoundTrip,
  environmentsToTargets,
  computeIdToClusterId,
  initializeVariables,
  defineDefaultTarget,
  noVariableReferenceInResourceKey,
  uniqueResourceKeys,
];

const SELECT: readonly Mutator[] = [selectTarget, typedRoundTrip];

/** What the CLI applies to resources as they are loaded (YAML ones first, then those Python adds or changes). */
const NORMALIZE_RESOURCES: readonly Mutator[] = [
  singleNodeCluster,
  resolveReferencesOnlyResources,
  expandPipelineGlobPaths,
  mergeJobClusters,
  mergeJobParameters,
  mergeJobTasks,
  mergePipelineClusters,
  mergeApps,
  mergeGrants,
  captureUCDependencies,
  configureDashboardSerializedDashboard,
  configureGenieSpaceSerializedSpace,
  loadAlertFiles,
  jobClustersFixups,
  clusterFixups,
  modelServingEndpointFixups,
];

/** What the CLI applies once to each new resource: run-as, compute, presets, defaults, permissions. */
const INITIALIZE_RESOURCES: readonly Mutator[] = [setRunAs, overrideCompute, applyPresets, resourceDefaults, dashboardFixups, genieSpaceFixups, applyBundlePermissions, fixPermissions];

const PYTHON_STEPS = { normalize: NORMALIZE_RESOURCES, initialize: INITIALIZE_RESOURCES, fixPermissions };

const INITIALIZE: readonly Mutator[] = [
  applyCliVariables,
  allResourcesHaveValues,
  noInterpolationInAuthConfig,
  noInterpolationInBundleName,
  validateEngine,
  validateScripts,
  validateSecretValueIsVariable,
  rewriteSyncPaths,
  syncDefaultPath,
  syncInferRoot,
  populateCurrentUser,
  loadGitDetails,
  defineDefaultWorkspaceRoot,
  expandWorkspaceRoot,
  defineDefaultWorkspacePaths,
  prependWorkspacePrefix,
  rewriteWorkspacePrefix,
  setVariables,
  resolveReferencesInLookup,
  resolveReferencesWithoutResources,
  validateVolumePath,
  applyTargetMode,
  resolveReferencesOnlyResources,
  normalizePaths,
  translatePathsDashboards,
  ...NORMALIZE_RESOURCES,
  ...INITIALIZE_RESOURCES,
  pythonMutator('load_resources', PYTHON_STEPS),
  pythonMutator('apply_mutators', PYTHON_STEPS),
  initializeVolumePaths,
  resolveVolumePathReferences,
  dropEmptyStrings,
  requiredFields,
  enumFields,
  validateDashboardEtags,
  validateGenieSpaceEtags,
  terraformOnlyReferences,
  permissionDiagnostics,
  translatePaths,
  applyArtifactsDynamicVersion,
  prepareArtifacts,
  validateTargetMode,
  validateSharedRootPermissions,
  annotateJobs,
  annotatePipelines,
  // `bundle validate` then runs its fast checks.
  jobClusterKeyDefined,
  jobTaskClusterSpec,
];

export function resolveBundle(request: ResolveRequest): ResolvedTarget {
  return loadBundle(request).resolve(request.target);
}

/** Loads and merges the files once; every target resolved from the result starts from there. */
export function loadBundle(request: Omit<ResolveRequest, 'target'>): BundleResolver {
  const loaded = newState({ ...request, target: undefined });
  reportingSyntaxErrors(() => applySequence(loaded, LOAD));
  const sources = new Map<string, YamlSource>();
  return {
    resolve(target, overrides) {
      const state = forkState(loaded, target, overrides);
      reportingSyntaxErrors(() => {
        if (hasErrors(state)) return;
        applySequence(state, SELECT);
        if (!hasErrors(state)) applySequence(state, INITIALIZE);
      });
      return result(state, request.includeLocations === true);
    },
    declared: () => declaredBundle(loaded.root),
    source(file) {
      const raw = loaded.written.get(file);
      if (raw && !sources.has(file)) sources.set(file, writtenSource(file, raw));
      return sources.get(file);
    },
  };
}

function declaredBundle(root: Dyn): DeclaredBundle {
  const targets = new Map<string, { mode?: string }>();
  const written = root.get('targets');
  if (written?.kind === 'map') {
    for (const [name, pair] of written.entries) {
      const mode = pair.value.kind === 'map' ? pair.value.get('mode')?.asString() : undefined;
      targets.set(name, mode === undefined ? {} : { mode });
    }
  }
  const variables = root.get('variables');
  return { targets, variables: variables?.kind === 'map' ? [...variables.entries.keys()] : [] };
}

/** A YAML syntax error stops the resolver: an input error (exit 2) at its place. */
function reportingSyntaxErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigSyntaxError) {
      throw new UsageError(`failed to load ${error.location.file}: ${error.message}`, {
        location: error.location,
        hint: error.hint ?? 'fix the YAML syntax at this place',
      });
    }
    throw error;
  }
}

function result(state: BundleState, includeLocations: boolean): ResolvedTarget {
  const typed = redactSensitive(typedView(state.root));
  const root = includeLocations ? withLocations(typed) : typed;
  let config: ReturnType<typeof toJsonValue> | undefined;
  return {
    target: state.target,
    get config() {
      config ??= toJsonValue(root);
      return config as ResolvedTarget['config'];
    },
    locate: (path: ConfigPath) => lookup(state.root, path)?.location,
    localPaths: state.localPaths,
    files: state.loadedFiles,
    diagnostics: state.diagnostics,
    loaded: state.loadedFiles.length > 0,
    toJson: () => renderJson(root),
  };
}
