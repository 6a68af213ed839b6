import kleur from 'kleur';
import { UsageError } from '../../core/errors.js';
import type { Vars } from '../../core/bundle/var-flags.js';
import type { PlanCapabilities } from '../../core/plan/run.js';
import { defineCommand, type Context } from '../command.js';
import { varOption, varsOf, type VarArgs } from '../options.js';

interface PlanArgs extends VarArgs {
  target: string;
  out?: string;
  comment: boolean;
  approve?: string[];
  skipped?: string;
}

export default defineCommand<PlanArgs>({
  command: 'plan',
  online: true,
  describe: 'What a deploy of the target would do, resource by resource: the Databricks CLI\'s plan joined with the guard, workspace drift and the approval policy',
  examples: [
    ['$0 plan -t staging', 'creates, updates, renames, recreates and deletes, grouped, with the changed fields'],
    ['$0 plan -t prod --out plan.json', 'keep the plan; dataops deploy prod --plan plan.json applies exactly it'],
    ['$0 plan -t prod --comment', 'in a pull_request workflow: one comment per target on the pull request, updated on every push'],
    ['$0 plan -t prod --approve pipelines.ingest', 'approve the recreate of one resource that the policy gates (exit 0 instead of 1)'],
  ],
  builder: (y) =>
    varOption(y)
      .option('target', { alias: 't', type: 'string', demandOption: true, requiresArg: true, describe: 'The bundle target to plan (sandbox, staging, prod…)' })
      .option('out', { type: 'string', requiresArg: true, describe: 'Write the plan to this file, for dataops deploy <target> --plan <file>' })
      .option('comment', { type: 'boolean', default: false, describe: 'In a pull_request workflow: post the plan as the target\'s comment on the pull request, or update it in place' })
      .option('approve', { type: 'string', array: true, requiresArg: true, describe: 'A resource key (etl, jobs.etl) whose gated action is approved (repeatable)' })
      .option('skipped', {
        type: 'string',
        requiresArg: true,
        describe: 'Plan nothing; say in the target\'s comment that the plan was skipped, and why (pull requests from forks)',
      }),
  run: async (args, ctx) => {
    if (args.skipped !== undefined) return skipped(args, ctx);
    const vars = varsOf(args);
    const [{ runPlan }, render, { planExitCode }] = await Promise.all([import('../../core/plan/run.js'), import('../../core/plan/render.js'), import('../../core/plan/report.js')]);
    const { out, env } = ctx;
    const step = await out.step(`planning ${args.target} with the Databricks CLI and the guard`);
    const run = await runPlan({ target: args.target, approve: args.approve ?? [] }, await capabilities(args.target, vars, ctx)).catch((error: unknown) => {
      step.fail();
      throw error;
    });
    const { report } = run;
    const exitCode = planExitCode(report);
    if (exitCode === 0) step.succeed(`plan ${args.target}: ${render.planSummaryLine(report)}`);
    else step.fail(`plan ${args.target}: ${render.planSummaryLine(report)}`);
    if (run.label) out.info(`approval label: ${run.label.detail}`);
    for (const key of run.unusedApprovals) out.warn(`--approve ${key}: no action of this plan that needs approval is of ${key}; nothing was approved by it`);
    for (const warning of run.guard.warnings) out.warn(warning);
    if (args.out) {
      const { writePlanFile } = await import('../../adapters/plan-file.js');
      writePlanFile(ctx.cwd, args.out, run.file);
      out.info(`wrote the plan to ${args.out}: dataops deploy ${args.target} --plan ${args.out} applies exactly it`);
    }
    if (out.json) out.result({ ...report, commit: run.file.commit, approval_label: run.label });
    else out.print(render.renderPlanText(report, { ok: kleur.green, bad: kleur.red, warn: kleur.yellow, dim: kleur.dim }));
    const { appendStepSummary } = await import('../../ui/github.js');
    appendStepSummary(env, render.renderPlanMarkdown(report, { budget: render.STEP_SUMMARY_BUDGET }));
    if (args.comment) await comment(ctx, args.target, (marker, budget) => render.renderPlanMarkdown(report, { budget, marker, elsewhere: 'The whole plan is in the step summary of this run.' }));
    if (exitCode === 1) {
      const refusal = render.planRefusal(report);
      out.error(refusal.message, undefined, refusal.hint);
    }
    return exitCode;
  },
});

async function capabilities(target: string, vars: Vars, ctx: Context): Promise<PlanCapabilities> {
  const { env, project } = ctx;
  const [preflight, { runDatabricks }, { useLocalStateOf }, { guardDeployment }, { planSettings }, { ExternalError }] = await Promise.all([
    import('../deploy-preflight.js'),
    import('../../adapters/databricks-cli.js'),
    import('../../adapters/bundle-local-state.js'),
    import('../guard.js'),
    import('../../core/plan/settings.js'),
    import('../../core/errors.js'),
  ]);
  const rootDir = project.root();
  const settings = planSettings((await project.settings()).raw);
  return {
    resolve: async () => (await preflight.resolveForDeploy({ project, target, vars, validate: false })).outcome,
    useLocalState: (namespace) => {
      useLocalStateOf(rootDir, target, namespace);
    },
    cli: (args) => runDatabricks(args, { cwd: rootDir, env }),
    guard: async (deployment) => {
      const { report, exitCode } = await guardDeployment(project, deployment, {});
      if (exitCode === 3) throw new ExternalError(report.warnings.at(-1) ?? `the workspace could not be checked for target ${target}`);
      return report;
    },
    settings: () => settings,
    labelApproval: async (label) => {
      const { pullRequestOfRun, PlanPullRequest } = await import('../../adapters/github-plan.js');
      const pull = await pullRequestOfRun(env);
      return pull ? new PlanPullRequest(env, pull).labelApproval(label) : null;
    },
  };
}

/** Posts or updates the target's comment; outside a pull request it says so and posts nothing. */
async function comment(ctx: Context, target: string, body: (marker: string, budget: number) => string): Promise<void> {
  const [{ pullRequestOfRun, PlanPullRequest }, { commentMarker, GITHUB_COMMENT_LIMIT }] = await Promise.all([import('../../adapters/github-plan.js'), import('../../core/plan/render.js')]);
  const pull = await pullRequestOfRun(ctx.env);
  if (!pull) {
    ctx.out.warn('--comment: this run belongs to no pull request (GITHUB_EVENT_NAME is not pull_request): nothing was posted');
    return;
  }
  const marker = commentMarker(target);
  // Room for the redaction of secrets, which may lengthen nothing but is applied after.
  const { url, created } = await new PlanPullRequest(ctx.env, pull).comment(marker, body(marker, GITHUB_COMMENT_LIMIT - 512));
  ctx.out.info(`${created ? 'posted' : 'updated'} the plan of ${target} on #${pull.number}: ${url}`);
}

async function skipped(args: PlanArgs, ctx: Context): Promise<number> {
  const reason = args.skipped?.trim() ?? '';
  if (reason === '') throw new UsageError('--skipped needs a reason', { hint: 'e.g. --skipped "pull requests from forks get no credentials"' });
  await comment(ctx, args.target, (marker) => [marker, `### dataops plan: \`${args.target}\``, '', `**The plan was skipped:** ${reason}`].join('\n'));
  ctx.out.info(`plan ${args.target} skipped: ${reason}`);
  return 0;
}
