import kleur from 'kleur';
import { defineCommand } from '../command.js';
import { publishToGitHub } from '../github-report.js';
import { liveTargetOptions, varsOf, type LiveTargetArgs } from '../options.js';

interface GuardArgs extends LiveTargetArgs {
  allow?: string[];
}

export default defineCommand<GuardArgs>({
  command: 'guard',
  describe: 'Stop duplicated and overwritten jobs, pipelines and dashboards: find same-named objects in the workspace that this deployment does not own',
  examples: [
    ['$0 guard -t staging', 'check every job, pipeline and dashboard of staging against the workspace'],
    ['$0 guard -t prod --json', 'the same, as JSON (exit 1 on a conflict, 3 when prod cannot be checked)'],
    ['$0 guard -t dev --allow legacy_export', 'accept the same-named objects of resource legacy_export'],
  ],
  builder: (y) =>
    liveTargetOptions(y).option('allow', {
      type: 'string',
      array: true,
      describe: 'Resource key whose conflicts are accepted (repeatable; adds to guard.allow in dataops.yml)',
    }),
  run: async (args, { out, env, project }) => {
    const [{ runGuard }, render] = await Promise.all([import('../../adapters/guard.js'), import('../../core/guard/render.js')]);
    const step = await out.step('checking the workspace for same-named jobs, pipelines and dashboards');
    const result = await runGuard(project, { target: args.target, vars: varsOf(args), allow: args.allow ?? [], concurrency: args.concurrency }).catch(
      (error: unknown) => {
        step.fail();
        throw error;
      },
    );
    const { report, exitCode } = result;
    if (exitCode === 0) step.succeed(render.summaryLine(report));
    else step.fail(render.summaryLine(report));

    if (out.json) out.result(report);
    else out.print(render.renderGuardText(report, { ok: kleur.green, bad: kleur.red, warn: kleur.yellow, dim: kleur.dim }));
    for (const warning of report.warnings) out.warn(warning);
    await publishToGitHub(out, env, render.guardAnnotations(report), render.renderGuardMarkdown(report), result.repoPrefix);
    if (exitCode === 3) {
      out.error(`${report.target} is a production target and the workspace could not be checked`, undefined, 'check the credentials and that the workspace answers, then run the guard again');
    }
    if (exitCode === 1) out.error(`${report.summary.conflicts} of ${report.summary.resources} resources would be duplicated or taken over by a deploy of ${report.target}`);
    return exitCode;
  },
});
