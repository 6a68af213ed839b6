import kleur from 'kleur';
import { defineCommand } from '../command.js';
import { publishToGitHub } from '../github-report.js';
import { liveTargetOptions, varsOf, type LiveTargetArgs } from '../options.js';

export default defineCommand<LiveTargetArgs>({
  command: 'drift',
  online: true,
  describe: 'Compare what the deployment state says was deployed with the workspace now: fields edited in the UI, objects deleted by hand, permissions changed',
  examples: [
    ['$0 drift -t prod', 'the nightly check of production (exit 1 on drift)'],
    ['$0 drift -t staging --json', 'every difference as JSON'],
  ],
  builder: (y) => liveTargetOptions(y),
  run: async (args, { out, env, project }) => {
    const [{ runDrift }, render] = await Promise.all([import('../drift.js'), import('../../core/drift/render.js')]);
    const step = await out.step('comparing the deployment state with the workspace');
    const { report, exitCode, repoPrefix } = await runDrift(project, { target: args.target, vars: varsOf(args), concurrency: args.concurrency }).catch((error: unknown) => {
      step.fail();
      throw error;
    });
    if (exitCode === 0) step.succeed(render.driftSummaryLine(report));
    else step.fail(render.driftSummaryLine(report));
    if (out.json) out.result(report);
    else out.print(render.renderDriftText(report, { ok: kleur.green, bad: kleur.red, warn: kleur.yellow, dim: kleur.dim }));
    for (const warning of report.warnings) out.warn(warning);
    await publishToGitHub(out, env, render.driftAnnotations(report), render.renderDriftMarkdown(report), repoPrefix);
    if (exitCode === 1) out.error(`${report.target} drifted from its deployment: ${report.summary.changed} changed, ${report.summary.deleted} deleted`);
    return exitCode;
  },
});
