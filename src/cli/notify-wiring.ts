/**
 * The notification use case's capabilities, wired to the real world: the project's root (not
 * the working directory) for the bundle name, version and dataops.yml, the run's environment,
 * and the Teams webhook. `dataops notify` uses them, and so do the commands that notify on
 * their own (deploy, release).
 */
import { sendNotification, type NotifyCapabilities, type NotifyRequest } from '../core/notify/send.js';
import { ACCEPTANCE_NOTES } from '../core/notify/webhook-forms.js';
import type { Context } from './command.js';

export async function notifyCapabilities(ctx: Context): Promise<NotifyCapabilities> {
  const [facts, { deliverToTeams, teamsRetryPolicy }, { webhookEnvSetting }] = await Promise.all([
    import('../adapters/context.js'),
    import('../adapters/teams.js'),
    import('../core/notify/settings.js'),
  ]);
  const note = (text: string): void => ctx.out.debug(text);
  let acceptanceExplained = false;
  const root = ctx.project.rootOrCwd();
  return {
    env: ctx.env,
    secret: (value) => ctx.out.secret(value),
    warn: (text) => ctx.out.warn(text),
    note,
    webhookEnvSetting: async () => webhookEnvSetting((await ctx.project.settings()).raw),
    bundleName: () => facts.readBundleName(root, note),
    bundleVersion: () => facts.readBundleVersion(root, note),
    runContext: () => facts.readRunContext(ctx.env, note),
    deliver: async (url, payload) => {
      const policy = teamsRetryPolicy(ctx.env);
      const step = await ctx.out.step('Sending the notification to Teams');
      try {
        const delivery = await deliverToTeams(url, payload, {
          policy,
          onRetry: (event) => ctx.out.info(`Teams webhook: ${event.reason} on attempt ${event.attempt}; trying again in ${(event.delayMs / 1000).toFixed(1)} s`),
        });
        step.succeed(`Teams accepted the notification (HTTP ${delivery.httpStatus}, ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'})`);
        if (!acceptanceExplained) for (const text of ACCEPTANCE_NOTES) note(text);
        acceptanceExplained = true;
        return delivery;
      } catch (error) {
        step.fail();
        throw error;
      }
    },
  };
}

/**
 * For other commands (deploy, release): sends a notification when a webhook URL is
 * configured, and otherwise does nothing. Never throws: a failed notification is a
 * warning and must not change the outcome of the command it reports on.
 */
export async function notifyIfConfigured(ctx: Context, request: Omit<NotifyRequest, 'dryRun'>): Promise<boolean> {
  try {
    const result = await sendNotification({ ...request, dryRun: false }, await notifyCapabilities(ctx), true);
    if (result.outcome === 'not-configured') {
      ctx.out.debug('no Teams webhook URL is configured: no notification sent');
      return false;
    }
    return true;
  } catch (error) {
    ctx.out.warn(`the Teams notification was not sent: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
