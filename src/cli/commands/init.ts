import path from 'node:path';
import kleur from 'kleur';
import type { PlannedFile } from '../../core/init/plan.js';
import { CLOUDS, DEFAULT_CLOUD, type Cloud } from '../../core/init/values.js';
import { VERSION } from '../../version.js';
import { defineCommand, type Context } from '../command.js';

interface InitArgs {
  dir: string;
  name?: string;
  cloud?: Cloud;
  force: boolean;
}

export default defineCommand<InitArgs>({
  command: 'init [dir]',
  describe: 'Create a Databricks project from the standard blueprint: bundle, targets, resources, tests, Taskfile and GitHub workflows',
  examples: [
    ['$0 init sales-analytics', 'a new project in ./sales-analytics, bundle name sales_analytics, Azure clusters'],
    ['$0 init . --name marketing_analytics --cloud aws', 'into the current directory, with a name and AWS node types'],
    ['$0 init demo --force --json', 'overwrite the blueprint files that exist already; list what was written as JSON'],
  ],
  builder: (y) =>
    y
      .positional('dir', { type: 'string', default: '.', describe: 'Directory to create the project in (made when missing)' })
      .option('name', { type: 'string', requiresArg: true, describe: 'Bundle name (default: from the directory name)' })
      .option('cloud', { choices: CLOUDS, describe: `Cloud whose node types the job cluster uses (default: ${DEFAULT_CLOUD})` })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite files of the blueprint that already exist' }),
  run: async (args, ctx) => {
    const { out, cwd } = ctx;
    const [{ checkBundleName, checkCloud, suggestBundleName }, { projectFiles }, { planFiles, nextCommands }, writer, { BLUEPRINT_TEMPLATES }, { settingsSchema }, { RULES }] =
      await Promise.all([
        import('../../core/init/values.js'),
        import('../../core/init/project.js'),
        import('../../core/init/plan.js'),
        import('../../adapters/blueprint-writer.js'),
        import('../../blueprint/files.generated.js'),
        import('../../core/settings-schema.js'),
        import('../../core/rules/catalog.js'),
      ]);
    const directory = path.resolve(cwd, args.dir);
    await writer.checkTargetDirectory(directory);
    const ask = interactive(ctx) ? await prompter() : undefined;
    const suggested = suggestBundleName(path.basename(directory));
    const bundleName = checkBundleName(args.name ?? (await ask?.(`Bundle name [${suggested}]: `)) ?? suggested);
    const cloud = args.cloud ?? checkCloud((await ask?.(`Cloud (${CLOUDS.join(', ')}) [${DEFAULT_CLOUD}]: `)) ?? DEFAULT_CLOUD);
    ask?.close();

    const files = projectFiles(BLUEPRINT_TEMPLATES, { bundleName, cloud, dataopsVersion: VERSION }, settingsSchema(RULES));
    // Inside the working directory a relative path reads best; elsewhere, the absolute one.
    const relative = path.relative(cwd, directory);
    const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? directory : relative;
    const planned = planFiles(files, await writer.existingPaths(directory, files.map((f) => f.path)), args.force, shown);
    await writer.writeProject(directory, planned);
    const next = nextCommands(shown, writer.isInGitRepository(directory));

    if (out.json) {
      out.result({ directory, bundle: bundleName, cloud, files: planned.map(({ path: file, action }) => ({ path: file, action })), next });
      return;
    }
    out.info(renderCreated(shown, bundleName, cloud, planned, next));
  },
});

/** Prompts only when a person is there to answer. */
function interactive({ out, env }: Context): boolean {
  return !out.json && process.stdin.isTTY === true && process.stderr.isTTY === true && !env.CI;
}

/**
 * A question on stderr; an empty answer means the default (undefined). Lines are read through
 * the interface's iterator, which keeps answers typed (or pasted) ahead of their question.
 */
async function prompter(): Promise<((question: string) => Promise<string | undefined>) & { close(): void }> {
  const [{ createInterface }, { UsageError }] = await Promise.all([import('node:readline/promises'), import('../../core/errors.js')]);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string): Promise<string | undefined> => {
    rl.setPrompt(question);
    rl.prompt();
    const answer = await lines.next();
    if (answer.done) throw new UsageError('no answer: the input ended', { hint: 'pass --name and --cloud to run without questions' });
    return String(answer.value).trim() || undefined;
  };
  return Object.assign(ask, { close: () => rl.close() });
}

function renderCreated(directory: string, bundleName: string, cloud: Cloud, planned: readonly PlannedFile[], next: readonly string[]): string {
  const lines = [`Created the Databricks project ${kleur.bold(bundleName)} (${cloud}) in ${directory}:`];
  for (const file of planned) lines.push(file.action === 'create' ? `  ${kleur.green('+')} ${file.path}` : `  ${kleur.yellow('~')} ${file.path} ${kleur.dim('(overwritten)')}`);
  lines.push('', 'Next:');
  for (const command of next) lines.push(`  ${kleur.cyan(command)}`);
  return lines.join('\n');
}
