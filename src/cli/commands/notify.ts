import { PAYLOAD_SHAPES, type PayloadShape } from '../../core/notify/payload.js';
import { sendNotification, type NotifyRequest } from '../../core/notify/send.js';
import { NOTIFY_STATUSES, parseStatus } from '../../core/notify/status.js';
import { UsageError } from '../../core/errors.js';
import { defineCommand, type Context } from '../command.js';
import { notifyCapabilities } from '../notify-wiring.js';

interface NotifyArgs {
  status?: string;
  test: boolean;
  env?: string;
  version?: string;
  title?: string;
  message?: string;
  'webhook-url'?: string;
  shape: PayloadShape;
  'fast-track': boolean;
  'dry-run': boolean;
}

export default defineCommand<NotifyArgs>({
  command: 'notify',
  describe: 'Send a Microsoft Teams notification (Adaptive Card) about a deployment or release',
  examples: [
    ['$0 notify --status Failed --env prod', 'tell the channel that the production deployment failed (URL from DATAOPS_TEAMS_WEBHOOK_URL)'],
    ['$0 notify --status ${{ job.status }} --env staging', "GitHub's job.status (failure, success, cancelled) is accepted"],
    ['$0 notify --status Started --fast-track', 'the ChatOps /release texts: "Fast-Track Release Initialized"'],
    ['$0 notify --status Succeeded --version 1.4.0 --dry-run', 'print the payload instead of sending it'],
    ['$0 notify --test', 'a heartbeat card to every configured channel (the blueprint sends it monthly); exits non-zero when one does not take it'],
  ],
  builder: (y) =>
    y
      // `--version` here is the bundle version; `dataops --version` still prints dataops' own.
      .version(false)
      .option('status', { type: 'string', requiresArg: true, describe: `${NOTIFY_STATUSES.join(' | ')} (required unless --test)` })
      .option('test', { type: 'boolean', default: false, describe: 'Send a heartbeat card, clearly marked as a test, to every configured channel (notify.teams.channels in dataops.yml too)' })
      .check((argv) => {
        if (!argv.test && argv.status === undefined) throw new UsageError('say which --status to report (or --test for a heartbeat)', { hint: `--status ${NOTIFY_STATUSES.join(' | ')}` });
        const clash = (['status', 'title', 'message', 'version'] as const).filter((name) => argv.test && argv[name] !== undefined);
        if (clash.length > 0) throw new UsageError(`--test sends a heartbeat card of its own: leave out --${clash.join(', --')}`);
        return true;
      })
      .option('env', { type: 'string', requiresArg: true, describe: 'The target (environment) the notification is about' })
      .option('version', { type: 'string', requiresArg: true, describe: 'Bundle version (default: .release-please-manifest.json, else the latest v* tag)' })
      .option('title', { type: 'string', requiresArg: true, describe: 'Card title (default: by status, e.g. "❌ Deployment Failed: <bundle>")' })
      .option('message', { type: 'string', requiresArg: true, describe: 'Text under the title; cut with a note if the card would pass 28 KB' })
      .option('webhook-url', { type: 'string', requiresArg: true, describe: 'Teams Workflows webhook URL (better: DATAOPS_TEAMS_WEBHOOK_URL, or notify.teams.webhook_url_env in dataops.yml)' })
      .option('shape', { choices: PAYLOAD_SHAPES, default: 'message' as PayloadShape, describe: 'message: the card in a Teams message; card: the bare card' })
      .option('fast-track', { type: 'boolean', default: false, describe: 'Use the ChatOps /release texts (seed §1.3)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the payload JSON on stdout and send nothing' }),
  run: async (args, ctx) => {
    if (args.test) return heartbeat(args, ctx);
    const { parseVersionOption } = await import('../../core/notify/version.js');
    const request: NotifyRequest = {
      status: parseStatus(args.status ?? ''),
      fastTrack: args.fastTrack,
      environment: args.env,
      version: args.version === undefined ? undefined : parseVersionOption(args.version),
      title: args.title,
      message: args.message,
      webhookUrl: args.webhookUrl,
      shape: args.shape,
      dryRun: args.dryRun,
    };
    const result = await sendNotification(request, await notifyCapabilities(ctx));
    if (result.outcome === 'dry-run') {
      ctx.out.print(JSON.stringify(result.payload, null, 2));
      return 0;
    }
    const { delivery } = result;
    if (ctx.out.json) {
      ctx.out.result({ delivered: true, status: request.status, shape: request.shape, httpStatus: delivery?.httpStatus, attempts: delivery?.attempts, bytes: result.bytes, shortened: result.shortened });
    }
    return 0;
  },
});

async function heartbeat(args: NotifyArgs, ctx: Context): Promise<number> {
  const [{ sendHeartbeat, judgeHeartbeat }, settings] = await Promise.all([import('../../core/notify/heartbeat.js'), import('../../core/notify/settings.js')]);
  const io = await notifyCapabilities(ctx);
  const outcomes = await sendHeartbeat(
    { webhookUrl: args['webhook-url'], shape: args.shape, dryRun: args['dry-run'] },
    {
      ...io,
      teamsSettings: async () => {
        const { raw } = await ctx.project.settings();
        return { webhookUrlEnv: settings.webhookEnvSetting(raw), channels: settings.teamsChannels(raw) };
      },
      now: () => new Date().toISOString(),
    },
  );
  if (args['dry-run']) {
    ctx.out.print(JSON.stringify(Object.fromEntries(outcomes.flatMap((o) => (o.outcome === 'dry-run' ? [[o.channel, o.payload]] : []))), null, 2));
  } else if (ctx.out.json) {
    ctx.out.result({
      heartbeat: outcomes.map((o) => ({ channel: o.channel, source: o.source, outcome: o.outcome, ...('delivery' in o ? { httpStatus: o.delivery.httpStatus } : {}), ...('problem' in o ? { problem: o.problem } : {}) })),
    });
  }
  judgeHeartbeat(outcomes);
  return 0;
}
