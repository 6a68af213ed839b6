import kleur from 'kleur';
import { UsageError } from '../../core/errors.js';
import type { LintResult } from '../../core/versioning/commitlint.js';
import { defineCommand, type Context } from '../command.js';

interface CommitlintArgs {
  prTitle?: string;
  from?: string;
  to: string;
  message?: string;
}

export default defineCommand<CommitlintArgs>({
  command: 'commitlint',
  describe: 'Check a pull request title or commit messages against Conventional Commits (config-conventional rules)',
  examples: [
    ['$0 commitlint --pr-title "feat(jobs): add the daily sales job"', 'check a pull request title (squash merges use it as the commit)'],
    ['$0 commitlint --from origin/main --to HEAD', 'check every commit of a branch'],
    ['$0 commitlint', 'in a pull_request workflow: check the title of the event\'s pull request'],
  ],
  builder: (y) =>
    y
      .option('pr-title', { type: 'string', describe: 'the pull request title to check' })
      .option('message', { type: 'string', describe: 'one commit message to check' })
      .option('from', { type: 'string', describe: 'check the commits after this ref…' })
      .option('to', { type: 'string', default: 'HEAD', describe: '…up to and including this ref' })
      .conflicts('pr-title', ['from', 'message'])
      .conflicts('message', 'from'),
  run: async (args, ctx) => {
    const { lintCommitMessage } = await import('../../core/versioning/commitlint.js');
    const messages = await messagesToCheck(args, ctx);
    const results = messages.map(({ source, message }) => lintCommitMessage(message, source));
    const valid = results.every((result) => result.valid);
    if (ctx.out.json) ctx.out.result({ valid, results });
    else report(ctx, results);
    return valid ? 0 : 1;
  },
});

async function messagesToCheck(args: CommitlintArgs, ctx: Context): Promise<Array<{ source: string; message: string }>> {
  if (args.prTitle !== undefined) return [{ source: 'PR title', message: args.prTitle }];
  if (args.message !== undefined) return [{ source: 'message', message: args.message }];
  if (args.from !== undefined) {
    const { readCommits } = await import('../../adapters/git-log.js');
    const commits = await readCommits(ctx.cwd, `${args.from}..${args.to}`);
    return commits.map((commit) => ({ source: commit.sha.slice(0, 7), message: commit.message }));
  }
  if (ctx.env.GITHUB_EVENT_PATH) {
    const { readEvent } = await import('../../adapters/github.js');
    const { pullRequestOfEvent } = await import('../../core/versioning/event.js');
    const pr = pullRequestOfEvent(await readEvent(ctx.env));
    return [{ source: `PR #${pr.number} title`, message: pr.title }];
  }
  throw new UsageError('say what to check: --pr-title <title>, --message <message> or --from <ref> [--to <ref>]', {
    hint: 'in a workflow, pass the title through an environment variable: --pr-title "$PR_TITLE"',
  });
}

function report({ out }: Context, results: readonly LintResult[]): void {
  for (const result of results) {
    if (result.ignored) {
      out.debug(`skipped ${result.source} "${result.header}" (merge, revert or fixup commits are not checked)`);
      continue;
    }
    for (const finding of result.findings) {
      const text = `${result.source}: ${finding.message} [${finding.rule}]`;
      if (finding.level === 'error') out.error(text);
      else out.warn(text);
    }
  }
  const bad = results.filter((result) => !result.valid).length;
  const checked = results.filter((result) => !result.ignored).length;
  if (bad > 0) {
    out.info(kleur.red(`${bad} of ${checked} message${checked === 1 ? '' : 's'} not Conventional Commits`));
    out.info(`write ${kleur.bold('type(scope)!: subject')} with a type of feat, fix, docs, chore…; see https://www.conventionalcommits.org/en/v1.0.0/`);
  } else {
    out.info(`${kleur.green('✔')} ${checked} message${checked === 1 ? '' : 's'} follow${checked === 1 ? 's' : ''} Conventional Commits`);
  }
}
