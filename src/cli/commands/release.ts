import { isKnownError, UsageError } from '../../core/errors.js';
import type { FastTrackResult } from '../../core/release/fast-track.js';
import type { GateResult } from '../../core/release/gates.js';
import type { ReleaseTrigger } from '../../core/release/trigger.js';
import { defineCommand, type Args, type Context } from '../command.js';

interface ReleaseArgs {
  'dry-run': boolean;
  workflow: string;
  ref?: string;
  'token-env'?: string;
}

export default defineCommand<ReleaseArgs>({
  command: 'release',
  describe: 'The ChatOps /release fast track: check the comment, merge the pull request, cut the release with release-please and start production',
  examples: [
    ['$0 release', 'in the ChatOps workflow (on: issue_comment): act on the /release comment of GITHUB_EVENT_PATH'],
    ['$0 release --dry-run', 'report every gate and planned step, and write nothing'],
    ['$0 release --token-env RELEASE_APP_TOKEN', 'talk to GitHub with a GitHub App token instead of GITHUB_TOKEN'],
    ['$0 release --workflow deploy-prod.yml --ref main', 'dispatch another production workflow, on main'],
  ],
  builder: (y) =>
    y
      .option('dry-run', { type: 'boolean', default: false, describe: 'Report every gate and planned step; merge, comment and dispatch nothing' })
      .option('workflow', { type: 'string', default: 'production.yml', requiresArg: true, describe: 'The production workflow file to start with workflow_dispatch (input: tag)' })
      .option('ref', { type: 'string', requiresArg: true, describe: 'The ref the production workflow runs on (default: the default branch)' })
      .option('token-env', { type: 'string', requiresArg: true, describe: 'The environment variable holding the GitHub token (default: GITHUB_TOKEN, then GH_TOKEN)' }),
  run: async (args, ctx) => {
    const github = await import('../../adapters/github.js');
    const { triggerOfEvent, isReleaseRequest } = await import('../../core/release/trigger.js');
    const trigger = triggerOfEvent(await github.readEvent(ctx.env));
    if (!isReleaseRequest(trigger)) {
      ctx.out.info(`comment ${trigger.commentId} does not start with /release: nothing to do`);
      if (ctx.out.json) ctx.out.result({ outcome: 'ignored' });
      return 0;
    }
    const result = await fastTrack(args, ctx, trigger);
    return render(ctx, result);
  },
});

async function fastTrack(args: Args<ReleaseArgs>, ctx: Context, trigger: ReleaseTrigger): Promise<FastTrackResult> {
  const github = await import('../../adapters/github.js');
  const adapter = await import('../../adapters/github-release.js');
  const { runFastTrack } = await import('../../core/release/fast-track.js');
  const { releaseSettings } = await import('../../core/release/settings.js');
  const { runContextFromEnv } = await import('../../core/notify/github-run.js');
  const { redact } = await import('../../ui/redact.js');
  const { notifyIfConfigured } = await import('../notify-wiring.js');

  const connection = github.connectionFromEnv(ctx.env, tokenFrom(args, ctx));
  ctx.out.secret(connection.token);
  const where = ctx.env.GITHUB_REPOSITORY || !trigger.repository ? github.repositoryFromEnv(ctx.env) : github.repositoryFromEnv({ GITHUB_REPOSITORY: trigger.repository });
  const world = { client: github.createGitHubClient(connection), connection, where, log: (text: string) => ctx.out.debug(text), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  // The ChatOps workflow checks out the default branch, never the pull request, so a pull request cannot allow itself.
  const settings = releaseSettings((await ctx.project.settings()).raw);
  const facts = await adapter.readReleaseFacts(world, trigger, settings);
  const options = { workflow: args.workflow, ref: args.ref ?? facts.defaultBranch, runUrl: runContextFromEnv(ctx.env, undefined).runUrl, dryRun: args.dryRun };
  const host = adapter.createReleaseHost(world, {
    ...options,
    trigger,
    defaultBranch: facts.defaultBranch,
    webUrl: (ctx.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    sanitize: redact,
    notifyFailure: async (step) => {
      await notifyIfConfigured(ctx, { status: 'Failed', fastTrack: true, message: `The fast track stopped at: ${step}. Please check GitHub Actions logs.` });
    },
    gatesChecked: (gates) => {
      for (const gate of gates) ctx.out.info(gateLine(gate));
    },
    begin: (text) => ctx.out.step(text),
  });
  return runFastTrack(facts, options, host);
}

function tokenFrom(args: Args<ReleaseArgs>, ctx: Context): string | undefined {
  const name = args.tokenEnv;
  if (name === undefined) return undefined;
  const token = ctx.env[name];
  if (!token) throw new UsageError(`--token-env ${name}: the environment variable ${name} is empty or not set`, { hint: `pass the token to the step, e.g. env: { ${name}: \${{ steps.app-token.outputs.token }} }` });
  return token;
}

function render({ out }: Context, result: FastTrackResult): number {
  const failed = result.outcome === 'failed' ? result : undefined;
  const error = failed ? { message: failed.error instanceof Error ? failed.error.message : String(failed.error), hint: isKnownError(failed.error) ? failed.error.hint : undefined } : undefined;
  const exitCode = failed ? (isKnownError(failed.error) ? failed.error.exitCode : 3) : result.outcome === 'refused' || (result.outcome === 'dry-run' && result.wouldRefuse) ? 1 : 0;
  if (out.json) {
    out.result({ ...result, ...(failed ? { error } : {}) });
    return exitCode;
  }
  switch (result.outcome) {
    case 'dry-run':
      out.info(result.wouldRefuse ? '\nthe fast track would be refused; it would otherwise:' : '\nthe fast track would:');
      for (const step of result.plan) out.info(`  - ${step}`);
      break;
    case 'refused':
      out.error('the fast track was refused: nothing was merged, tagged or dispatched (the reasons are commented on the pull request)');
      break;
    case 'already-complete':
      out.info('this /release already completed: nothing to do');
      break;
    case 'released':
      out.info(`${result.resumed ? 'resumed and ' : ''}released ${result.tag}: ${result.releaseUrl}\nproduction: ${result.productionUrl}`);
      break;
    case 'failed':
      out.error(`the fast track failed at "${result.step}": ${error?.message ?? ''}`, undefined, error?.hint);
      break;
  }
  return exitCode;
}

function gateLine(gate: GateResult): string {
  const mark = { pass: '✔', fail: '✖', skip: '-' }[gate.outcome];
  return `${mark} ${gate.title.padEnd(22)} ${gate.detail}`;
}
