import kleur from 'kleur';
import { ExternalError, UsageError } from '../../core/errors.js';
import type { SandboxDeployment } from '../../core/sandbox/inventory.js';
import { setOutput } from '../../ui/github.js';
import { defineCommand, type Context } from '../command.js';

const namespace = defineCommand({
  command: 'namespace',
  describe: 'Print the sandbox namespace of the current user and git branch (legal in schema names, paths and resource names)',
  examples: [
    ['$0 sandbox namespace', 'e.g. alice_feature_login_3f9a2c1b7d'],
    ['$0 sandbox namespace --json', 'with the user, short name, branch and where each came from'],
  ],
  run: async (_args, { out, env, project }) => {
    const found = await project.namespace();
    // In GitHub Actions later steps read it as steps.<id>.outputs.namespace.
    setOutput(env, 'namespace', found.namespace);
    if (out.json) {
      out.result({ namespace: found.namespace, user: found.user, short_name: found.shortName, branch: found.branch, source: found.source });
      return;
    }
    out.print(found.namespace);
    out.debug(`user ${found.user} (${found.source.user}), branch ${found.branch} (${found.source.branch})`);
  },
});

/** The bundle's sandbox deployments in the workspace, and the client that found them. */
async function findSandboxes({ env, project }: Context) {
  const [{ connectWorkspace }, { listDeploymentFolders }, inventory, { stringAt }] = await Promise.all([
    import('../../adapters/workspace/client.js'),
    import('../../adapters/workspace/sandbox-deployments.js'),
    import('../../core/sandbox/inventory.js'),
    import('../../core/bundle/config-values.js'),
  ]);
  const resolved = await project.resolve(undefined);
  const rootDir = project.root();
  const bundle = stringAt(resolved.config, ['bundle', 'name']);
  if (!bundle) throw new UsageError('the bundle has no bundle.name', { hint: 'set bundle.name in databricks.yml' });
  const client = await connectWorkspace(env);
  const sandboxes = (await listDeploymentFolders(client, bundle)).map(inventory.describeSandbox).filter((s): s is SandboxDeployment => s !== null);
  return { bundle, client, rootDir, sandboxes: sandboxes.sort(inventory.byUserAndBranch) };
}

function sandboxJson(s: SandboxDeployment) {
  return { user: s.user, branch: s.branch, namespace: s.namespace, target: s.target, root_path: s.rootPath, last_deploy: s.lastDeploy };
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

const list = defineCommand({
  command: 'list',
  describe: "List every sandbox deployment of this bundle in the workspace (all users' bundle folders)",
  examples: [
    ['$0 sandbox list', 'user, branch, namespace and last deploy time of each sandbox'],
    ['$0 sandbox list --json', 'the same as JSON'],
  ],
  run: async (_args, ctx) => {
    const { bundle, client, sandboxes } = await findSandboxes(ctx);
    if (ctx.out.json) ctx.out.result(sandboxes.map(sandboxJson));
    else if (sandboxes.length === 0) ctx.out.info(`no sandboxes of ${bundle} in ${client.host}`);
    else ctx.out.print(table([['USER', 'BRANCH', 'NAMESPACE', 'LAST DEPLOY'], ...sandboxes.map((s) => [s.user, s.branch ?? '(unknown)', s.namespace, s.lastDeploy ?? '(unknown)'])]));
  },
});

interface GcArgs {
  apply: boolean;
  'older-than': string;
  remote: string;
}

const gc = defineCommand<GcArgs>({
  command: 'gc',
  describe: 'Propose (or, with --apply, carry out) removing sandboxes whose branch is gone from the remote, or whose branch is unknown and that are older than a limit',
  examples: [
    ['$0 sandbox gc', 'dry run: what would be removed, and why'],
    ['$0 sandbox gc --apply --older-than 30d', 'remove them (run as a workspace admin or a service principal that can)'],
  ],
  builder: (y) =>
    y
      .option('apply', { type: 'boolean', default: false, describe: 'Remove the sandboxes (default: only say which)' })
      .option('older-than', { type: 'string', default: '14d', describe: 'Age limit for sandboxes whose branch is unknown: 90m, 36h, 14d, 2w' })
      .option('remote', { type: 'string', default: 'origin', describe: 'The git remote whose branches count as live' }),
  run: async (args, ctx) => {
    const { out, env } = ctx;
    const [gcCore, { remoteBranches }, { planTeardown }, workspace] = await Promise.all([
      import('../../core/sandbox/gc.js'),
      import('../../adapters/git-remote.js'),
      import('../../core/sandbox/teardown.js'),
      import('../../adapters/workspace/sandbox-deployments.js'),
    ]);
    const olderThan = gcCore.parseAge(args.olderThan);
    const { client, rootDir, sandboxes } = await findSandboxes(ctx);
    const live = await remoteBranches(rootDir, args.remote, env);
    const decisions = gcCore.decideGc(sandboxes, live, args.remote, Date.now(), olderThan);
    for (const d of decisions) {
      const verb = d.destroy ? kleur.red(args.apply ? 'remove' : 'would remove') : kleur.green('keep');
      out.info(`${verb} ${d.sandbox.user} ${d.sandbox.namespace} (${d.reason})`);
    }
    const removals = args.apply
      ? await gcCore.removeSandboxes(decisions, {
          teardown: async (s) => planTeardown(await workspace.readRemoteState(client, s.rootPath)),
          remove: (r) => workspace.removeResource(client, r),
          removeFolder: (p) => workspace.removeFolder(client, p),
          report: (line) => out.info(line),
        })
      : [];
    if (out.json) {
      out.result({
        applied: args.apply,
        sandboxes: decisions.map((d) => ({ ...sandboxJson(d.sandbox), action: d.destroy ? 'remove' : 'keep', reason: d.reason, removal: removals.find((r) => r.rootPath === d.sandbox.rootPath) ?? null })),
      });
    }
    const count = decisions.filter((d) => d.destroy).length;
    if (!args.apply && count > 0) out.info(`${count} sandbox${count === 1 ? '' : 'es'} to remove: run again with --apply`);
    const failed = removals.filter((r) => r.error !== null);
    if (failed.length > 0) throw new ExternalError(`${failed.length} sandbox${failed.length === 1 ? '' : 'es'} could not be removed: ${failed.map((r) => r.rootPath).join(', ')}`);
  },
});

export default defineCommand({
  command: 'sandbox <command>',
  describe: 'Personal sandboxes: one per user and branch',
  examples: [
    ['$0 sandbox namespace', 'the namespace deploys of this user and branch use'],
    ['$0 sandbox gc --apply', 'remove the sandboxes of deleted branches'],
  ],
  subcommands: [namespace, list, gc],
});
