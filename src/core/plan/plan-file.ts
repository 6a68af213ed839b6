/**
 * The file `dataops plan --out` writes and `dataops deploy --plan` applies: the CLI's own plan
 * (what `bundle deploy --plan` reads, unchanged), what it was made of (target, commit, state
 * lineage and serial) and the report the reviewers saw.
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import type { PlanReport } from './report.js';

export const PLAN_FILE_FORMAT = 1;

export interface PlanFile {
  dataops_plan: typeof PLAN_FILE_FORMAT;
  target: string;
  /** The commit the bundle was planned at; null outside git. */
  commit: string | null;
  state: { lineage: string; serial: number };
  report: PlanReport;
  /** The Databricks CLI's plan, exactly as it printed it. */
  cli_plan: JsonValue;
}

export type ReadPlanFile = { ok: true; file: PlanFile } | { ok: false; problem: string };

export function readPlanFile(text: string): ReadPlanFile {
  let data: JsonValue;
  try {
    data = JSON.parse(text) as JsonValue;
  } catch {
    return { ok: false, problem: 'it is not JSON' };
  }
  if (!isObject(data) || data.dataops_plan !== PLAN_FILE_FORMAT) return { ok: false, problem: 'it is not a plan written by dataops plan --out (no "dataops_plan": 1)' };
  const state = isObject(data.state ?? null) ? (data.state as Record<string, JsonValue>) : {};
  if (typeof data.target !== 'string' || !isObject(data.cli_plan ?? null) || !isObject(data.report ?? null)) return { ok: false, problem: 'it lacks its target, report or the CLI plan' };
  return {
    ok: true,
    file: {
      dataops_plan: PLAN_FILE_FORMAT,
      target: data.target,
      commit: typeof data.commit === 'string' ? data.commit : null,
      state: { lineage: typeof state.lineage === 'string' ? state.lineage : '', serial: typeof state.serial === 'number' ? state.serial : 0 },
      report: data.report as unknown as PlanReport,
      cli_plan: data.cli_plan as JsonValue,
    },
  };
}

export interface DeployFacts {
  target: string;
  commit: string | null;
  /** The serial of the state the deploy would start from (0: nothing deployed). */
  serial: number;
}

export type PlanFit = { ok: true } | { ok: false; problem: string; hint: string };

/** Whether the plan may be applied to this deploy: same target, same commit, state untouched since. */
export function checkPlanFits(plan: PlanFile, now: DeployFacts): PlanFit {
  if (plan.target !== now.target) {
    return { ok: false, problem: `the plan is of target ${plan.target}, not ${now.target}`, hint: `deploy it with dataops deploy ${plan.target} --plan …, or plan ${now.target}: dataops plan -t ${now.target} --out plan.json` };
  }
  if (plan.commit !== now.commit) {
    return {
      ok: false,
      problem: `the plan was made at commit ${plan.commit ?? '(no git)'}, the checkout is at ${now.commit ?? '(no git)'}`,
      hint: `check out ${plan.commit ?? 'the planned commit'}, or plan this commit again: dataops plan -t ${now.target} --out plan.json`,
    };
  }
  if (plan.state.serial !== now.serial) {
    return {
      ok: false,
      problem: `the plan is stale: it was made against deployment state serial ${plan.state.serial}, and the state is now at serial ${now.serial} (someone deployed ${now.target} since)`,
      hint: `plan again and review the new plan: dataops plan -t ${now.target} --out plan.json`,
    };
  }
  if (plan.report.summary.awaitingApproval > 0) {
    const keys = plan.report.resources.filter((r) => r.needsApproval && !r.approved).map((r) => r.key);
    return { ok: false, problem: `the plan has actions nobody approved: ${keys.join(', ')}`, hint: 'plan again with the approval label on the pull request or --approve <resource key>' };
  }
  return { ok: true };
}
