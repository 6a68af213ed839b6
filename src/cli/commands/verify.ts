import type { Location } from '../../core/bundle/model.js';
import { UsageError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

interface VerifyArgs {
  target?: string;
  run?: string[];
  'run-timeout': number;
}

export default defineCommand<VerifyArgs>({
  command: 'verify',
  online: true,
  describe: 'Check a deployed target without Python: resources exist and are this deployment\'s, settings, dashboards, warehouses, permissions',
  examples: [
    ['$0 verify -t staging', 'check every job, pipeline and dashboard of the staging deployment'],
    ['$0 verify -t staging --run nightly_sales', 'also run the job nightly_sales and wait for it to succeed'],
    ['$0 verify -t staging --json', 'the checks as JSON (exit 1 when one fails)'],
  ],
  builder: (y) =>
    y
      .option('target', { alias: 't', type: 'string', requiresArg: true, describe: 'Bundle target to verify (default: the bundle default)' })
      .option('run', { type: 'string', array: true, requiresArg: true, describe: 'Job key to run and wait for (repeatable)' })
      .option('run-timeout', { type: 'number', default: 3600, describe: 'Seconds to wait for each --run before cancelling it' }),
  run: async (args, { out, env, project }) => {
    if (!(args.runTimeout > 0)) throw new UsageError(`--run-timeout must be a positive number of seconds, got ${args.runTimeout}`);
    const [{ readBundleSummary }, { failOnResolveErrors }, { verifyLookups }, { verify }, render, { stringAt }] = await Promise.all([
      import('../../adapters/bundle-summary.js'),
      import('../guard.js'),
      import('../../adapters/workspace/verify-lookups.js'),
      import('../../core/verify/verify.js'),
      import('../../core/verify/render.js'),
      import('../../core/bundle/config-values.js'),
    ]);
    const deployment = await project.deployment(args.target);
    failOnResolveErrors(deployment.resolved, project.root());
    const summary = await readBundleSummary({ root: project.root(), env, target: deployment.target, vars: deployment.vars });
    const unknown = (args.run ?? []).filter((key) => stringAt(summary.config, ['resources', 'jobs', key, 'name']) === undefined);
    if (unknown.length > 0) throw new UsageError(`--run ${unknown.join(', ')}: no such job in target ${summary.target}`, { hint: 'name jobs by their resource key (resources.jobs.<key>)' });
    const client = await project.workspace();
    const step = await out.step(`verifying the deployment of ${summary.target}`);
    const report = await verify({
      target: summary.target,
      summary: summary.config,
      workspace: verifyLookups(client),
      clock: { now: () => performance.now(), sleep: async (ms) => (await import('node:timers/promises')).setTimeout(ms) },
      runs: args.run ?? [],
      runTimeoutMs: args.runTimeout * 1000,
      onRunStarted: (job, url) => out.info(`started ${job}: ${url}`),
    });
    if (report.ok) step.succeed(`${summary.target} verified`);
    else step.fail(`${summary.target} failed verification`);
    out.info(render.renderVerifyTable(report));

    // Annotations point at the YAML that defines a failing resource.
    const locate = (resource: string): Location | undefined => deployment.resolved.locate(['resources', ...resource.split('.')]);
    for (const check of report.checks.filter((c) => c.status === 'fail')) {
      const at = locate(check.resource);
      out.annotate({ level: 'error', title: `verify ${check.resource}: ${check.check}`, message: check.detail, ...(at ? { file: at.file, line: at.line } : {}) });
    }
    for (const run of report.runs.filter((r) => !r.ok)) out.annotate({ level: 'error', title: `verify run ${run.job}`, message: render.runLine(run) });
    if (out.github) {
      const { appendStepSummary } = await import('../../ui/github.js');
      appendStepSummary(env, render.renderVerifyMarkdown(report));
    }
    if (out.json) out.result(report);
    return report.ok ? 0 : 1;
  },
});
