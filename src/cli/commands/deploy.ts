import { UsageError } from '../../core/errors.js';
import type { BundleAction } from '../../core/deploy/identity-rules.js';
import type { FlowCapabilities, FlowResult, Phase } from '../../core/deploy/flow.js';
import type { Step } from '../../ui/output.js';
import { VERSION } from '../../version.js';
import { defineCommand, type Args, type Context } from '../command.js';

export interface BundleActionArgs {
  target: string;
  var?: string[];
  yes: boolean;
  'break-glass'?: string;
}

export default defineCommand<BundleActionArgs>({
  command: 'deploy <target>',
  describe: 'Deploy the bundle to a target after the preflight (validate, guard, identity, lock); production only as a service principal in CI',
  examples: [
    ['$0 deploy sandbox', 'your own sandbox for this branch (the namespace is passed as --var namespace=…)'],
    ['CI=true $0 deploy staging', 'what the merge workflow runs'],
    ['$0 deploy prod --break-glass "hotfix for INC-1234"', 'a person deploying production in an emergency: loud, and announced in Teams'],
    ['$0 deploy sandbox --var warehouse_id=abc --json', 'with a bundle variable, and what was deployed as JSON'],
  ],
  builder: bundleActionOptions,
  run: (args, ctx) => runBundleAction('deploy', args, ctx),
});

/** The options deploy and destroy share. */
export function bundleActionOptions<T>(y: import('yargs').Argv<T>) {
  return y
    .positional('target', { type: 'string', demandOption: true, describe: 'The bundle target (sandbox, staging, prod…)' })
    .option('var', { type: 'string', array: true, requiresArg: true, describe: 'A bundle variable, name=value (repeatable), passed to the Databricks CLI' })
    .option('yes', { type: 'boolean', default: false, describe: 'Confirm: staging outside CI, or destroying staging and production' })
    .option('break-glass', { type: 'string', requiresArg: true, describe: 'Act on production as a person, with this reason (announced to the team; emergencies only)' });
}

/** deploy and destroy: the same flow, told apart by `action`. */
export async function runBundleAction(action: BundleAction, args: Args<BundleActionArgs>, ctx: Context): Promise<number> {
  const { out, env } = ctx;
  const [{ parseVarFlags }, { runBundleFlow }] = await Promise.all([import('../../core/deploy/cli-args.js'), import('../../core/deploy/flow.js')]);
  const vars = parseVarFlags(args.var ?? []);
  if ('invalid' in vars) throw new UsageError(`--var ${vars.invalid} is not name=value`, { hint: 'write --var warehouse_id=abc123' });
  if (args.breakGlass !== undefined && args.breakGlass.trim() === '') {
    throw new UsageError('--break-glass needs a reason', { hint: 'say why production cannot wait for the release workflow, e.g. --break-glass "INC-1234 hotfix"' });
  }
  const request = { action, target: args.target, yes: args.yes, ci: env.CI === 'true', ...(args.breakGlass ? { breakGlass: args.breakGlass } : {}) };
  const result = await runBundleFlow(request, await capabilities(action, args.target, vars, ctx));
  await report(result, ctx);
  return 0;
}

async function capabilities(action: BundleAction, target: string, vars: Array<[string, string]>, ctx: Context): Promise<FlowCapabilities> {
  const { out, cwd, env } = ctx;
  const [preflight, { runDatabricks }, { acquireDeployLock }, { useLocalStateOf }, { loadGuardCheck }, { connectWorkspace }, { notifyIfConfigured }] = await Promise.all([
    import('../../adapters/deploy-preflight.js'),
    import('../../adapters/databricks-cli.js'),
    import('../../adapters/deploy-lock.js'),
    import('../../adapters/bundle-local-state.js'),
    import('../../adapters/deploy-guard.js'),
    import('../../adapters/workspace/client.js'),
    import('./notify.js'),
  ]);
  let rootDir = cwd;
  let step: Step | undefined;
  return {
    now: () => Date.now(),
    resolve: async () => {
      const found = await preflight.resolveForDeploy({ cwd, env, target, vars, validate: action === 'deploy' });
      rootDir = found.rootDir;
      if (found.report && found.report.findings.length > 0) {
        const { renderReport } = await import('../../ui/reporters/index.js');
        const { RULES } = await import('../../core/rules/catalog.js');
        out.info(renderReport('text', found.report, { rules: RULES, version: VERSION, read: (f) => found.files.read(f), uriPrefix: '', rootFile: 'databricks.yml' }));
      }
      return found.outcome;
    },
    guard: await loadGuardCheck(env, cwd),
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
    warn: (text) => out.warn(text),
  };
}

async function report(result: FlowResult, { out, env }: Context): Promise<void> {
  const { renderSummaryMarkdown, renderSummaryText } = await import('../../core/deploy/summary.js');
  const { appendStepSummary } = await import('../../ui/github.js');
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
