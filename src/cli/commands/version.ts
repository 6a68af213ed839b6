import path from 'node:path';
import { describeBump } from '../../core/versioning/comment.js';
import type { VersionPreview } from '../../core/versioning/preview.js';
import type { PullRequestOfEvent } from '../../core/versioning/event.js';
import { defineCommand, type Context } from '../command.js';

const ASPECTS = ['current', 'next', 'changelog'] as const;

interface VersionArgs {
  what?: (typeof ASPECTS)[number];
  ref: string;
  branch: string;
  pending?: string;
  comment: boolean;
}

export default defineCommand<VersionArgs>({
  command: 'version [what]',
  describe: 'The current and next SemVer version from Conventional Commits, and the changelog release-please will write',
  examples: [
    ['$0 version', 'current and next version and the changelog preview'],
    ['$0 version next', 'print only the next version (empty when nothing would be released)'],
    ['$0 version changelog --json', 'the changelog section as JSON'],
    ['$0 version --comment', 'in a pull_request workflow: post or update the preview comment on the pull request'],
  ],
  builder: (y) =>
    y
      .positional('what', { choices: ASPECTS, describe: 'print only this' })
      .option('ref', { type: 'string', default: 'HEAD', describe: 'the history to read (a commit, branch or tag)' })
      .option('branch', { type: 'string', default: 'main', describe: 'the branch releases are cut from (as release-please is configured)' })
      .option('pending', { type: 'string', describe: 'a commit message to count as if merged on top, e.g. a pull request title' })
      .option('comment', {
        type: 'boolean',
        default: false,
        describe: 'in a pull_request workflow: preview the squash merge of the pull request and upsert one comment with it',
      }),
  run: async (args, ctx) => {
    const { previewRelease } = await import('../../core/versioning/preview.js');
    const { readRepositorySnapshot, remoteUrl } = await import('../../adapters/git-log.js');
    const pullRequest = args.comment ? await pullRequestFromEvent(ctx) : undefined;
    const repository = await repositoryOf(ctx, remoteUrl);
    const snapshot = await readRepositorySnapshot(ctx.cwd, {
      ref: pullRequest?.baseSha ?? args.ref,
      branch: pullRequest?.baseRef ?? args.branch,
      ...repository,
    });
    const preview = await previewRelease(snapshot, (_level, message) => ctx.out.debug(`release-please: ${message}`), {
      pendingCommit: pullRequest?.title ?? args.pending,
    });
    if (pullRequest) await postComment(ctx, { ...repository, issueNumber: pullRequest.number }, preview, pullRequest.title);
    render(ctx, preview, args.what);
  },
});

/** GITHUB_REPOSITORY in a workflow, else the origin remote; changelog links need it. */
async function repositoryOf(ctx: Context, remoteUrl: (cwd: string) => Promise<string | null>): Promise<{ owner: string; repo: string }> {
  if (ctx.env.GITHUB_REPOSITORY) return (await import('../../adapters/github.js')).repositoryFromEnv(ctx.env);
  const { parseRemoteRepository } = await import('../../core/versioning/remote.js');
  return parseRemoteRepository((await remoteUrl(ctx.cwd)) ?? '') ?? { owner: 'owner', repo: path.basename(ctx.cwd) };
}

async function pullRequestFromEvent(ctx: Context): Promise<PullRequestOfEvent> {
  const { readEvent } = await import('../../adapters/github.js');
  const { pullRequestOfEvent } = await import('../../core/versioning/event.js');
  return pullRequestOfEvent(await readEvent(ctx.env));
}

async function postComment(ctx: Context, where: { owner: string; repo: string; issueNumber: number }, preview: VersionPreview, title: string): Promise<void> {
  const github = await import('../../adapters/github.js');
  const { renderPreviewComment, PREVIEW_MARKER } = await import('../../core/versioning/comment.js');
  const client = github.createGitHubClient(github.connectionFromEnv(ctx.env));
  const { url, created } = await github.upsertMarkedComment(client, where, PREVIEW_MARKER, renderPreviewComment(preview, title));
  ctx.out.info(`${created ? 'posted' : 'updated'} the release preview on #${where.issueNumber}: ${url}`);
}

function render({ out }: Context, preview: VersionPreview, what: VersionArgs['what']): void {
  if (out.json) {
    out.result(what === undefined ? preview : what === 'changelog' ? { changelog: preview.changelog } : { [what]: preview[what] });
    return;
  }
  if (what === 'current') {
    if (preview.current) out.print(preview.current);
    else out.info('no release yet: no .release-please-manifest.json and no v* tag');
  } else if (what === 'next') {
    if (preview.next) out.print(preview.next);
    else out.info(`nothing to release: no fix:, feat: or breaking change since ${preview.current ?? 'the start'}`);
  } else if (what === 'changelog') {
    if (preview.changelog) out.print(preview.changelog);
    else out.info('nothing to release: the changelog would not change');
  } else {
    out.print(summary(preview));
  }
}

function summary(preview: VersionPreview): string {
  const current = preview.current ? `${preview.current} (from ${preview.currentSource === 'manifest' ? '.release-please-manifest.json' : 'the latest v* tag'})` : 'none yet';
  const lines = [`current  ${current}`];
  if (!preview.next) return [...lines, 'next     nothing to release'].join('\n');
  return [...lines, `next     ${preview.next} (${describeBump(preview)}), tag ${preview.tag}`, '', preview.changelog].join('\n');
}
