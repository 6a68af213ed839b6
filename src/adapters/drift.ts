/** `runDrift`: the deployment state of a target against the workspace now. */
import { drift, type DriftReport } from '../core/drift/run.js';
import { isProduction } from '../core/deploy/target-kind.js';
import { guardedResources, targetPlaces } from '../core/guard/resources.js';
import { DEFAULT_CONCURRENCY } from '../core/guard/settings.js';
import { readDeploymentState } from './deployment-state.js';
import { readGuardSettings, repoPrefixOf, resolveLive, type RunGuardOptions } from './guard.js';
import { objectLookups } from './workspace/object-lookups.js';

export type RunDriftOptions = Omit<RunGuardOptions, 'allow'>;

/** Throws UsageError for a bad bundle or credentials, ExternalError when the workspace fails. */
export async function runDrift(options: RunDriftOptions): Promise<{ report: DriftReport; exitCode: 0 | 1; repoPrefix: string }> {
  const live = await resolveLive(options);
  if (live.outage) throw live.outage;
  const target = live.resolved.target ?? 'default';
  const state = await readDeploymentState(live.client, { statePath: targetPlaces(live.resolved).statePath, rootDir: live.rootDir, target, env: live.env });
  const result = await drift({
    target,
    production: isProduction(live.resolved.target, live.resolved.config, (await readGuardSettings(live.rootDir)).production),
    state,
    resources: guardedResources(live.resolved),
    workspace: objectLookups(live.client),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  });
  return { ...result, repoPrefix: repoPrefixOf(live.resolved) };
}
