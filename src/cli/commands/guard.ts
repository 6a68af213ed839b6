import kleur from 'kleur';
import type { AdoptResult } from '../guard-adopt.js';
import type { RunGuardResult } from '../guard.js';
import { defineCommand } from '../command.js';
import { publishToGitHub } from '../github-report.js';
import { liveTargetOptions, varsOf, type LiveTargetArgs } from '../options.js';

interface GuardArgs extends LiveTargetArgs {
  allow?: string[];
  adopt?: string[];
}

export default defineCommand<GuardArgs>({
  command: 'guard',
  online: true,
  describe: 'Stop duplicated and overwritten resources: find same-named objects of every resource type in the workspace that this deployment does not own',
  examples: [
    ['$0 guard -t staging', 'check every named resource of staging (jobs, schemas, apps…) against the workspace'],
    ['$0 guard -t prod --json', 'the same, as JSON (exit 1 on a conflict, 3 when prod cannot be checked)'],
    ['$0 guard -t dev --allow legacy_export', 'accept the same-named objects of resource legacy_export'],
    ['$0 guard -t staging --adopt', 'bind what staging deployed and lost from its state, so the next deploy updates it'],
    ['$0 guard -t staging --adopt schemas.sales', 'bind the hand-made schema in the way of schemas.sales'],
  ],
  builder: (y) =>
    liveTargetOptions(y)
      .option('allow', {
        type: 'string',
        array: true,
        describe: 'Resource key whose conflicts are accepted (repeatable; adds to guard.allow in dataops.yml)',
      })
      .option('adopt', {
        type: 'string',
        array: true,
        describe: 'Bind untracked objects with databricks bundle deployment bind; with a resource key (type.key, repeatable) also the hand-made object in its way',
      }),
  run: async (args, { out, env, project }) => {
    const [{ runGuard }, { runAdopt }, render, { probeCliVersion }] = await Promise.all([
      import('../guard.js'),
      import('../guard-adopt.js'),
      import('../../core/guard/render.js'),
      import('../../adapters/cli-version.js'),
    ]);
    // The guard reads the state the CLI wrote: a CLI outside the versions dataops knows is named first.
    const cli = await probeCliVersion(env);
    if (cli?.advice) out.warn(cli.advice);
    const step = await out.step('checking the workspace for same-named resources');
    const request = { target: args.target, vars: varsOf(args), allow: args.allow ?? [], concurrency: args.concurrency };
    const run: Promise<RunGuardResult & Partial<Pick<AdoptResult, 'bound' | 'skipped'>>> =
      args.adopt === undefined
        ? runGuard(project, request)
        : runAdopt(project, {
            ...request,
            named: args.adopt.filter((key) => key !== ''),
            onBind: (b) => out.info(`adopting ${b.resource}: databricks bundle deployment bind ${b.key} ${b.id} (${b.relation})`),
          });
    const result = await run.catch((error: unknown) => {
      step.fail();
      throw error;
    });
    for (const b of result.bound ?? []) out.info(`adopted ${b.resource}: ${b.id}`);
    for (const s of result.skipped ?? []) out.warn(`not adopted: ${s}`);
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
