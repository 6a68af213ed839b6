/** `runDrift`: the deployment state of a target against the workspace now. */
import { drift, type DriftReport } from '../core/drift/run.js';
import { guardedResources, targetPlaces } from '../core/guard/resources.js';
import { DEFAULT_CONCURRENCY } from '../core/guard/settings.js';
import { readDeploymentState } from '../adapters/deployment-state.js';
import { stringAt } from '../core/bundle/config-values.js';
import { repoPrefixOf, resolveLive, type LiveTargetRequest } from './guard.js';
import type { Project } from '../adapters/project.js';
import { guardLookups } from '../adapters/workspace/guard-lookups.js';
import { objectLookups } from '../adapters/workspace/object-lookups.js';

/** Throws UsageError for a bad bundle or credentials, ExternalError when the workspace fails. */
export async function runDrift(project: Project, request: LiveTargetRequest & { concurrency?: number }): Promise<{ report: DriftReport; exitCode: 0 | 1; repoPrefix: string }> {
  const live = await resolveLive(project, request);
  if (live.outage) throw live.outage;
  const { deployment } = live;
  const places = targetPlaces(deployment.resolved);
  const state = await readDeploymentState(live.client, { statePath: places.statePath, rootPath: places.rootPath, rootDir: project.root(), target: deployment.target, env: project.env });
  const result = await drift({
    target: deployment.target,
    production: deployment.kind === 'production',
    state,
    resources: guardedResources(deployment.resolved),
    workspace: objectLookups(live.client),
    exists: guardLookups(live.client, { bundleName: stringAt(deployment.resolved.config, ['bundle', 'name']) ?? '', rootPath: places.rootPath }).exists,
    concurrency: request.concurrency ?? DEFAULT_CONCURRENCY,
  });
  return { ...result, repoPrefix: repoPrefixOf(deployment.resolved) };
}
