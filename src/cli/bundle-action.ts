/**
 * deploy and destroy: one command shape over the bundle flow (core/deploy/flow.ts), told apart
 * by the action. The flow's capabilities are wired here to the project and the real world.
 */
import type { Argv } from 'yargs';
import type { Vars } from '../core/bundle/var-flags.js';
import type { BundleAction } from '../core/deploy/identity-rules.js';
import type { FlowCapabilities, FlowResult, Phase } from '../core/deploy/flow.js';
import { UsageError } from '../core/errors.js';
import type { Step } from '../ui/output.js';
import { VERSION } from '../version.js';
import type { Args, Context } from './command.js';
import { varOption, varsOf, type VarArgs } from './options.js';

export interface BundleActionArgs extends VarArgs {
  target: string;
  yes: boolean;
  'break-glass'?: string;
  /** deploy only: a reviewed plan file. */
  plan?: string;
}

/** The options deploy and destroy share. */
export function bundleActionOptions<T>(y: Argv<T>) {
  return varOption(y)
    .positional('target', { type: 'string', demandOption: true, describe: 'The bundle target (sandbox, staging, prod…)' })
    .option('yes', { type: 'boolean', default: false, describe: 'Confirm: staging outside CI, or destroying staging and production' })
    .option('break-glass', { type: 'string', requiresArg: true, describe: 'Act on production as a person, with this reason (announced to the team; emergencies only)' });
}

/** deploy and destroy: the same flow, told apart by `action`. */
export async function runBundleAction(action: BundleAction, args: Args<BundleActionArgs>, ctx: Context): Promise<number> {
  const { env } = ctx;
  const { runBundleFlow } = await import('../core/deploy/flow.js');
  const vars = varsOf(args);
  if (args.breakGlass !== undefined && args.breakGlass.trim() === '') {
    throw new UsageError('--break-glass needs a reason', { hint: 'say why production cannot wait for the release workflow, e.g. --break-glass "INC-1234 hotfix"' });
  }
  const plan = args.plan === undefined ? undefined : await (await import('../adapters/plan-file.js')).openReviewedPlan(args.plan, ctx);
  const request = { action, target: args.target, yes: args.yes, ci: env.CI === 'true', ...(args.breakGlass ? { breakGlass: args.breakGlass } : {}), ...(plan ? { plan } : {}) };
  const result = await runBundleFlow(request, await capabilities(action, args.target, vars, ctx));
  await report(result, ctx);
  return 0;
}

async function capabilities(action: BundleAction, target: string, vars: Vars, ctx: Context): Promise<FlowCapabilities> {
  const { out, env, project } = ctx;
  const [preflight, { runDatabricks }, { acquireDeployLock }, { useLocalStateOf }, { loadGuardCheck }, { connectWorkspace }, { notifyIfConfigured }] = await Promise.all([
    import('./deploy-preflight.js'),
    import('../adapters/databricks-cli.js'),
    import('../adapters/deploy-lock.js'),
    import('../adapters/bundle-local-state.js'),
    import('./deploy-guard.js'),
    import('../adapters/workspace/client.js'),
    import('./notify-wiring.js'),
  ]);
  const rootDir = project.root();
  let step: Step | undefined;
  return {
    now: () => Date.now(),
    resolve: async () => {
      const found = await preflight.resolveForDeploy({ project, target, vars, validate: action === 'deploy' });
      if (found.report && found.report.findings.length > 0) {
        const { renderReport } = await import('../ui/reporters/index.js');
        const { RULES } = await import('../core/rules/catalog.js');
        out.info(renderReport('text', found.report, { rules: RULES, version: VERSION, read: (f) => found.files.read(f), uriPrefix: '', rootFile: 'databricks.yml' }));
      }
      return found.outcome;
    },
    guard: loadGuardCheck(project),
    cliVersion: async () => (await import('../adapters/cli-version.js')).probeCliVersion(env),
    currentUser: async () => (await (await connectWorkspace(env)).identity.me()).userName,
    lock: () => {
      const lock = acquireDeployLock(rootDir, target, `dataops ${action} ${target}`, new Date());
      if (lock.ok) return lock;
      const h = lock.holder;
      return { ok: false, holder: `${h.command} by ${h.user} (pid ${h.pid} on ${h.host}) since ${h.started}; lock file ${lock.file}` };
    },
    useLocalState: (namespace) => {
      if (useLocalStateOf(rootDir, target, namespace)) out.info(`the Databricks CLI's local state of ${target} belonged to another sandbox: it is read again from the workspace`);
    },
    cli: (args, phase) => runDatabricks(args, { cwd: rootDir, env, streamStdout: phase !== null, onLine: (line) => phase?.line(line) }),
    phase: async (text): Promise<Phase> => {
      const running = await out.step(text);
      return {
        line: (line) => (out.interactive ? running.update(`${text}: ${line}`) : out.info(`  ${line}`)),
        done: (ok, done) => (ok ? running.succeed(done) : running.fail(done)),
      };
    },
    observer: {
      started: async (name) => {
        step = await out.step(`preflight: ${name}`);
      },
      finished: (record) => {
        const text = `preflight: ${record.name}: ${record.detail}`;
        if (record.ok) step?.succeed(text);
        else step?.fail(text);
      },
    },
    notify: async (status, message, title) => {
      await notifyIfConfigured(ctx, { status, environment: target, message, ...(title ? { title } : {}) });
    },
    recordDeployedIds: async (summary) => {
      const { writeDeployedIds } = await import('../adapters/deployed-ids.js');
      await writeDeployedIds(await connectWorkspace(env), summary).catch((error: unknown) =>
        out.warn(`the deployed ids could not be kept beside the state (the guard tells lost objects apart by them): ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    warn: (text) => out.warn(text),
  };
}

async function report(result: FlowResult, { out, env }: Context): Promise<void> {
  const { renderSummaryMarkdown, renderSummaryText } = await import('../core/deploy/summary.js');
  const { appendStepSummary } = await import('../ui/github.js');
  const where = result.namespace ? ` (namespace ${result.namespace})` : '';
  if (result.summary) {
    out.info(renderSummaryText(result.summary));
    appendStepSummary(env, renderSummaryMarkdown(result.summary, `dataops deploy ${result.target}${where}${result.breakGlass ? ' — BREAK-GLASS' : ''}`));
  } else {
    appendStepSummary(env, `### dataops ${result.action} ${result.target}${where}\n\nDone.`);
  }
  out.info(`${result.action === 'deploy' ? 'deployed' : 'destroyed'} ${result.kind} target ${result.target}${where} as ${result.user}`);
  if (out.json) {
    out.result({
      action: result.action,
      target: result.target,
      kind: result.kind,
      namespace: result.namespace,
      user: result.user,
      break_glass: result.breakGlass,
      preflight: result.preflight.map((s) => ({ step: s.name, ok: s.ok, detail: s.detail, duration_ms: s.durationMs })),
      resources: result.summary?.resources ?? [],
    });
  }
}
