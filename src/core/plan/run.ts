/**
 * `dataops plan`: the Databricks CLI's plan of exactly the configuration `dataops deploy`
 * would deploy (same variables, namespace and identity, resolved by deploy's own first
 * step), joined with the guard's verdicts and checked against the target's approval policy.
 */
import type { GuardReport } from '../guard/run.js';
import type { Resolution, ResolveOutcome, CliRun } from '../deploy/flow.js';
import { bundleArgs } from '../deploy/cli-args.js';
import { ExternalError, UsageError } from '../errors.js';
import { stringAt } from '../bundle/config-values.js';
import { parseCliPlan, type CliPlan } from './cli-plan.js';
import { PLAN_FILE_FORMAT, type PlanFile } from './plan-file.js';
import { buildPlanReport, isApproved, type GuardNote, type PlanReport } from './report.js';
import { gatedIn, type PlanSettings } from './settings.js';

export interface PlanRequest {
  target: string;
  /** Resource keys approved on the command line. */
  approve: readonly string[];
}

/** Who approved the plan through the pull request's label, or why nobody did. */
export interface LabelApproval {
  approved: boolean;
  detail: string;
}

export interface PlanCapabilities {
  /** deploy's resolve step, without the rules. */
  resolve(): Promise<ResolveOutcome>;
  useLocalState(namespace: string): void;
  cli(args: string[]): Promise<CliRun>;
  /** The guard over the resolved target; throws ExternalError when a production target cannot be checked. */
  guard(resolution: Resolution): Promise<GuardReport>;
  settings(): PlanSettings;
  /** The approval label on the pull request this run belongs to; null outside a pull request. */
  labelApproval(label: string): Promise<LabelApproval | null>;
}

export interface PlanRun {
  report: PlanReport;
  file: PlanFile;
  resolution: Resolution;
  guard: GuardReport;
  /** How the label was judged, when it was asked. */
  label: LabelApproval | null;
  /** `--approve` keys that name no gated action of this plan (a typo, or a plan that changed). */
  unusedApprovals: string[];
}

export async function runPlan(request: PlanRequest, io: PlanCapabilities): Promise<PlanRun> {
  const outcome = await io.resolve();
  if (!outcome.ok) throw new UsageError(`plan ${request.target}: ${outcome.detail}`, { hint: outcome.hint ?? `dataops validate -t ${request.target} shows every problem` });
  const { resolution } = outcome;
  if (resolution.namespace) io.useLocalState(resolution.namespace);
  const args = bundleArgs('plan', request.target, resolution.vars);
  const [run, guard] = await Promise.all([io.cli(args), io.guard(resolution)]);
  if (run.exitCode !== 0) {
    throw new ExternalError([`databricks ${args.join(' ')} failed (${run.exitCode === null ? 'stopped' : `exit code ${run.exitCode}`}); its last lines:`, ...run.tail.map((l) => `  ${l}`)].join('\n'), {
      hint: "the lines above are the Databricks CLI's own; fix what they say and plan again",
    });
  }
  const parsed = parseCliPlan(run.stdout);
  if (!parsed.ok) throw new ExternalError(`databricks bundle plan -o json printed no plan dataops can read: ${parsed.problem}`, { hint: 'dataops plan reads the direct engine\'s plan (Databricks CLI 1.12.1 or newer)' });

  const settings = io.settings();
  const input = {
    target: request.target,
    production: resolution.kind === 'production',
    plan: parsed.plan,
    guard: guardNotes(guard),
    gated: gatedIn(settings, request.target, resolution.kind),
    approved: new Set(request.approve),
  };
  let report = buildPlanReport(input);
  let label: LabelApproval | null = null;
  if (report.summary.awaitingApproval > 0) {
    label = await io.labelApproval(settings.approvalLabel);
    if (label?.approved) report = buildPlanReport({ ...input, approved: 'all' });
  }
  const gatedKeys = report.resources.filter((r) => r.needsApproval).map((r) => r.key);
  const unusedApprovals = request.approve.filter((key) => !gatedKeys.some((gated) => isApproved(gated, new Set([key]))));
  return { report, file: planFile(request.target, resolution, parsed.plan, report, run.stdout), resolution, guard, label, unusedApprovals };
}

function guardNotes(guard: GuardReport): Map<string, GuardNote> {
  return new Map(guard.resources.map((r) => [`${r.resource.type}.${r.resource.key}`, { verdict: r.verdict, summary: r.summary }]));
}

function planFile(target: string, resolution: Resolution, plan: CliPlan, report: PlanReport, text: string): PlanFile {
  return {
    dataops_plan: PLAN_FILE_FORMAT,
    target,
    commit: stringAt(resolution.resolved.config, ['bundle', 'git', 'commit']) ?? null,
    state: { lineage: plan.lineage, serial: plan.serial },
    report,
    cli_plan: JSON.parse(text),
  };
}
