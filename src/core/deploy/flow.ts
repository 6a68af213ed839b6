/**
 * `dataops deploy` and `dataops destroy`: the preflight (resolve + validate, guard, identity,
 * lock), then the Databricks CLI, then what was deployed. Everything outside is a capability
 * passed in, so the order and the failure rules live here and nowhere else.
 */
import type { JsonValue, ResolvedTarget } from '../bundle/model.js';
import { CheckFailedError, ExternalError } from '../errors.js';
import type { CliVersionAssessment } from '../cli-versions.js';
import { checkPlanFits, type PlanFile } from '../plan/plan-file.js';
import { stringAt } from '../bundle/config-values.js';
import { bundleArgs, type Vars } from './cli-args.js';
import { cliVersionStep } from './cli-version-step.js';
import { decideIdentity, type BundleAction } from './identity-rules.js';
import { guardStep, runPreflight, type GuardCheck, type PreflightObserver, type PreflightStep, type StepOutcome, type StepRecord } from './preflight.js';
import { parseSummary, type DeploySummary } from './summary.js';
import type { Deployment } from './deployment.js';
import type { TargetKind } from './target-kind.js';

export type Resolution = Deployment;

export type ResolveOutcome = ({ ok: true; resolution: Resolution } & Extract<StepOutcome, { ok: true }>) | Extract<StepOutcome, { ok: false }>;

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  tail: string[];
}

/** A phase that runs the Databricks CLI: a spinner on a terminal, plain lines in CI. */
export interface Phase {
  line(text: string): void;
  done(ok: boolean, text?: string): void;
}

export type LockOutcome = { ok: true; release(): void } | { ok: false; holder: string };

export interface ReviewedPlan {
  file: PlanFile;
  cliPlanPath: string;
  /** The serial of the deployment state the deploy would start from (0: none). */
  stateSerial(target: ResolvedTarget): Promise<number>;
}

export interface FlowRequest {
  action: BundleAction;
  target: string;
  yes: boolean;
  ci: boolean;
  breakGlass?: string;
  /** `deploy --plan`: the reviewed plan, and where its CLI plan was written for `bundle deploy --plan`. */
  plan?: ReviewedPlan;
}

export interface FlowCapabilities {
  now(): number;
  resolve(): Promise<ResolveOutcome>;
  /** Undefined until `dataops guard` exists. */
  guard: GuardCheck | undefined;
  /** The Databricks CLI's version against the known range (null: not installed); without it the step is left out. */
  cliVersion?: () => Promise<CliVersionAssessment | null>;
  /** userName of the workspace identity the CLI will act as. */
  currentUser(): Promise<string>;
  lock(): LockOutcome;
  /** Makes the CLI's local state that of this sandbox namespace (see adapters/bundle-local-state). */
  useLocalState(namespace: string): void;
  cli(args: string[], phase: Phase | null): Promise<CliRun>;
  phase(text: string): Promise<Phase>;
  observer: PreflightObserver;
  /** A notification when one is configured; never throws. Without a title the card's heading says the status. */
  notify(status: 'Failed' | 'Started', message: string, title?: string): Promise<void>;
  /** Keeps the deployed ids beside the deployment state, for the guard when that state is lost. */
  recordDeployedIds(summary: DeploySummary): Promise<void>;
  warn(text: string): void;
}

export interface FlowResult {
  action: BundleAction;
  target: string;
  kind: TargetKind;
  namespace: string | null;
  user: string;
  breakGlass: string | null;
  preflight: StepRecord[];
  /** What was deployed (deploy only). */
  summary: DeploySummary | null;
}

export const PREFLIGHT_STEPS = { resolve: 'resolve + validate', lock: 'deploy lock', plan: 'reviewed plan', guard: 'guard', identity: 'identity' } as const;

export async function runBundleFlow(request: FlowRequest, io: FlowCapabilities): Promise<FlowResult> {
  const { action, target } = request;
  let resolution: Resolution | undefined;
  let user = '';
  let breakGlass: string | null = null;
  let release: (() => void) | undefined;
  const resolved = (): Resolution => {
    if (!resolution) throw new Error('the target is read before it was resolved');
    return resolution;
  };

  const steps: PreflightStep[] = [
    {
      name: PREFLIGHT_STEPS.resolve,
      run: async () => {
        const outcome = await io.resolve();
        if (outcome.ok) resolution = outcome.resolution;
        return outcome;
      },
    },
    {
      name: PREFLIGHT_STEPS.lock,
      run: async () => {
        const lock = io.lock();
        if (!lock.ok) return { ok: false, detail: `another ${action} of ${target} runs on this machine: ${lock.holder}`, hint: 'wait for it to finish' };
        release = lock.release;
        // Under the lock, and before the guard reads it.
        const { namespace } = resolved();
        if (namespace) io.useLocalState(namespace);
        return { ok: true, detail: 'no other deploy of this target runs here' };
      },
    },
    ...(io.cliVersion ? [cliVersionStep(io.cliVersion, () => resolved().kind, io.warn)] : []),
    ...(request.plan ? [planStep(request.plan, target, resolved)] : []),
    ...(action === 'deploy' ? [guardStep(io.guard, resolved)] : []),
    {
      name: PREFLIGHT_STEPS.identity,
      run: async () => {
        user = await io.currentUser();
        const decision = decideIdentity({ ...request, kind: resolved().kind, userName: user });
        if (!decision.allowed) return { ok: false, detail: decision.reason, hint: decision.hint };
        breakGlass = decision.breakGlass;
        return { ok: true, detail: decision.detail };
      },
    },
  ];

  const preflight = await runPreflight(steps, io.now, io.observer).catch((error: unknown) => {
    release?.();
    throw error;
  });
  if (!preflight.ok) {
    release?.();
    const { failed } = preflight;
    const message = [`${action} ${target} stopped at preflight step "${failed.name}": ${failed.detail}`, ...failed.lines.map((l) => `  ${l}`)].join('\n');
    await io.notify('Failed', message);
    throw new CheckFailedError(message, failed.hint ? { hint: failed.hint } : {});
  }

  const { kind, vars, namespace } = resolved();
  try {
    if (breakGlass) {
      io.warn(`BREAK-GLASS ${action} of production target ${target} by ${user}: ${breakGlass}`);
      await io.notify('Started', `${user} bypassed the production rules: ${breakGlass}`, `🚨 Break-glass ${action} of ${target}`);
    }
    // A reviewed plan was approved where the policy asked for it (its step checked that).
    const autoApprove = action === 'destroy' || request.yes || request.plan !== undefined;
    const planFile = request.plan?.cliPlanPath;
    await runPhase(io, action, `databricks bundle ${action} -t ${target}${planFile ? ' --plan' : ''}`, bundleArgs(action, target, vars, { autoApprove, ...(planFile ? { planFile } : {}) }));
    const summary = action === 'deploy' ? parseSummary(await summaryDocument(io, target, vars)) : null;
    if (summary) await io.recordDeployedIds(summary);
    return { action, target, kind, namespace, user, breakGlass, preflight: preflight.steps, summary };
  } catch (error) {
    if (error instanceof ExternalError) await io.notify('Failed', error.message);
    throw error;
  } finally {
    release?.();
  }
}

function planStep(reviewed: ReviewedPlan, target: string, resolved: () => Resolution): PreflightStep {
  const plan = reviewed.file;
  return {
    name: PREFLIGHT_STEPS.plan,
    run: async () => {
      const config = resolved().resolved;
      const fit = checkPlanFits(plan, { target, commit: stringAt(config.config, ['bundle', 'git', 'commit']) ?? null, serial: await reviewed.stateSerial(config) });
      if (!fit.ok) return { ok: false, detail: `refusing the plan: ${fit.problem}`, hint: fit.hint };
      const s = plan.report.summary;
      return { ok: true, detail: `of ${target} at ${plan.commit?.slice(0, 12) ?? 'no commit'}, state serial ${plan.state.serial}: ${s.create} create, ${s.update + s.rename} update, ${s.recreate} recreate, ${s.delete} delete` };
    },
  };
}

async function runPhase(io: FlowCapabilities, phaseName: string, text: string, args: string[]): Promise<CliRun> {
  const phase = await io.phase(text);
  const run = await io.cli(args, phase);
  phase.done(run.exitCode === 0);
  if (run.exitCode !== 0) throw cliFailure(phaseName, args, run);
  return run;
}

async function summaryDocument(io: FlowCapabilities, target: string, vars: Vars): Promise<JsonValue> {
  const args = bundleArgs('summary', target, vars);
  const run = await io.cli(args, null);
  if (run.exitCode !== 0) throw cliFailure('summary', args, run);
  try {
    return JSON.parse(run.stdout) as JsonValue;
  } catch {
    throw new ExternalError('phase summary: databricks bundle summary did not print JSON', { hint: 'run databricks bundle summary -o json to see what it prints' });
  }
}

const LOCK_HELD = /deploy lock acquired by (\S+) at (.+?)\.(?:\s|$)/;

function cliFailure(phase: string, args: readonly string[], run: CliRun): ExternalError {
  const exit = run.exitCode === null ? 'it was stopped (timeout or signal)' : `exit code ${run.exitCode}`;
  const message = [`phase ${phase}: databricks ${args.join(' ')} failed (${exit}); its last lines:`, ...run.tail.map((l) => `  ${l}`)].join('\n');
  const held = run.tail.map((line) => LOCK_HELD.exec(line)).find((m) => m !== null);
  if (held) {
    return new ExternalError(message, {
      hint: `the workspace deploy lock is held by ${held[1]} since ${held[2]}: wait for that deploy to finish; if it crashed, run databricks bundle ${phase} --force-lock once`,
    });
  }
  return new ExternalError(message, { hint: 'the lines above are the Databricks CLI\'s own; fix what they say and run again' });
}
