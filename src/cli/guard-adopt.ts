/**
 * `dataops guard --adopt`: the guard, then `databricks bundle deployment bind` for each object
 * the adoption plan takes, then the guard again, whose report shows what is left.
 */
import { bindArgs } from '../core/deploy/cli-args.js';
import { ExternalError, UsageError } from '../core/errors.js';
import { planAdoption, type Binding } from '../core/guard/adopt.js';
import { runDatabricks } from '../adapters/databricks-cli.js';
import { guardDeployment, resolveLive, type GuardOptions, type LiveTargetRequest, type RunGuardResult } from './guard.js';
import type { Project } from '../adapters/project.js';

export interface AdoptResult extends RunGuardResult {
  bound: Binding[];
  skipped: string[];
}

export interface AdoptRequest extends LiveTargetRequest, GuardOptions {
  /** Resource keys named with --adopt; empty: every untracked object. */
  named: readonly string[];
  onBind?: (binding: Binding) => void;
}

export async function runAdopt(project: Project, request: AdoptRequest): Promise<AdoptResult> {
  const live = await resolveLive(project, request);
  const guardNow = (): Promise<RunGuardResult> => guardDeployment(project, live.deployment, { ...request, client: live.client, ...(live.outage ? { outage: live.outage } : {}) });
  const before = await guardNow();
  if (before.exitCode === 3) return { ...before, bound: [], skipped: [] };
  const plan = planAdoption(before.report, {
    named: request.named,
    production: live.deployment.kind === 'production',
    userName: (await project.identity()).identity.userName,
    ci: project.env.CI === 'true',
  });
  if (!plan.ok) throw new UsageError(plan.reason, { hint: plan.hint });
  const target = live.deployment.target;
  for (const binding of plan.bindings) {
    request.onBind?.(binding);
    const run = await runDatabricks(bindArgs(binding.key, binding.id, target, request.vars ?? []), { cwd: project.root(), env: project.env, timeoutMs: 300_000 });
    if (run.exitCode !== 0) {
      throw new ExternalError(`databricks bundle deployment bind ${binding.key} ${binding.id} -t ${target} failed (exit ${String(run.exitCode)}):\n${run.tail.join('\n')}`);
    }
  }
  const after = plan.bindings.length > 0 ? await guardNow() : before;
  return { ...after, bound: plan.bindings, skipped: plan.skipped };
}
