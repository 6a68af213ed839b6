/**
 * The checks before a deploy or destroy, run in order; the first that fails stops the rest.
 * Each is timed with the clock it is given.
 */
import type { Deployment } from './deployment.js';

export type StepOutcome = { ok: true; detail: string } | { ok: false; detail: string; hint?: string; lines?: readonly string[] };

export interface PreflightStep {
  name: string;
  run(): Promise<StepOutcome>;
}

export interface StepRecord {
  name: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export interface PreflightObserver {
  started(name: string): void | Promise<void>;
  finished(record: StepRecord): void;
}

export type PreflightResult =
  | { ok: true; steps: StepRecord[] }
  | { ok: false; steps: StepRecord[]; failed: StepRecord & { hint?: string; lines: readonly string[] } };

export async function runPreflight(steps: readonly PreflightStep[], now: () => number, observer: PreflightObserver): Promise<PreflightResult> {
  const records: StepRecord[] = [];
  for (const step of steps) {
    await observer.started(step.name);
    const started = now();
    const outcome = await step.run();
    const record: StepRecord = { name: step.name, ok: outcome.ok, detail: outcome.detail, durationMs: now() - started };
    records.push(record);
    observer.finished(record);
    if (!outcome.ok) return { ok: false, steps: records, failed: { ...record, hint: outcome.hint, lines: outcome.lines ?? [] } };
  }
  return { ok: true, steps: records };
}

/** A same-named resource in the workspace that this deployment does not own. */
export interface GuardConflict {
  message: string;
}

/**
 * The seam for `dataops guard`: a check of the target, as it will be deployed, against the live workspace.
 * Until the guard exists, deploys report the step as not available and go on.
 */
export type GuardCheck = (target: Deployment) => Promise<readonly GuardConflict[]>;

export const GUARD_STEP = 'guard';

export function guardStep(check: GuardCheck | undefined, target: () => Deployment): PreflightStep {
  return {
    name: GUARD_STEP,
    run: async () => {
      if (!check) return { ok: true, detail: 'skipped: dataops guard is not part of this version' };
      const conflicts = await check(target());
      if (conflicts.length === 0) return { ok: true, detail: 'no conflicting resources in the workspace' };
      return {
        ok: false,
        detail: `${conflicts.length} conflicting resource${conflicts.length === 1 ? '' : 's'} in the workspace`,
        lines: conflicts.map((c) => c.message),
        hint: 'dataops guard shows each conflict and how to resolve it',
      };
    },
  };
}
