/**
 * The offline equivalent of `databricks bundle validate`: the CLI's load and initialize
 * phases as a sequence of small named mutators over one located configuration tree.
 */
import { UsageError } from '../errors.js';
import type { ConfigPath, ResolveRequest, ResolvedTarget } from './model.js';
import { lookup } from './dyn/path.js';
import { typedView } from './convert/typed.js';
import { renderJson, toJsonValue } from './render-json.js';
import { redactSensitive, withLocations } from './output.js';
import { applySequence, hasErrors, newState, type BundleState, type Mutator } from './state.js';
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
import { resolveReferencesInLookup, resolveReferencesOnlyResources, resolveReferencesWithoutResources } from './mutators/interpolate.js';
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
  dashboardFixups,
  jobClustersFixups,
  loadAlertFiles,
  modelServingEndpointFixups,
} from './mutators/fixups.js';
import { applyBundlePermissions, fixPermissions, permissionDiagnostics, setRunAs } from './mutators/permissions.js';
import { requiredFields, terraformOnlyReferences } from './mutators/validate.js';
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
import { applyPresets, applyTargetMode, overrideCompute, resourceDefaults, validateTargetMode } from './mutators/presets.js';

/** Replaces the tree with what survives the CLI's typed configuration (it converts after every step). */
const typedRoundTrip: Mutator = {
  name: 'TypedRoundTrip',
  apply(state) {
    state.root = typedView(state.root);
  },
};

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
  selectTarget,
  typedRoundTrip,
];

const INITIALIZE: readonly Mutator[] = [
  applyCliVariables,
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
  applyTargetMode,
  resolveReferencesOnlyResources,
  normalizePaths,
  translatePathsDashboards,
  resolveReferencesOnlyResources,
  mergeJobClusters,
  mergeJobParameters,
  mergeJobTasks,
  mergePipelineClusters,
  mergeApps,
  mergeGrants,
  captureUCDependencies,
  configureDashboardSerializedDashboard,
  loadAlertFiles,
  jobClustersFixups,
  clusterFixups,
  modelServingEndpointFixups,
  setRunAs,
  overrideCompute,
  applyPresets,
  resourceDefaults,
  dashboardFixups,
  applyBundlePermissions,
  fixPermissions,
  initializeVolumePaths,
  dropEmptyStrings,
  requiredFields,
  terraformOnlyReferences,
  permissionDiagnostics,
  translatePaths,
  validateTargetMode,
  annotateJobs,
  annotatePipelines,
];

export function resolveBundle(request: ResolveRequest): ResolvedTarget {
  const state = newState(request);
  try {
    applySequence(state, LOAD);
    if (!hasErrors(state)) applySequence(state, INITIALIZE);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) {
      throw new UsageError(`failed to load ${error.location.file}: ${error.message}`, {
        location: error.location,
        hint: 'fix the YAML syntax at this place',
      });
    }
    throw error;
  }
  return result(state, request.includeLocations === true);
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
