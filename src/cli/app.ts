import path from 'node:path';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { Project, type ProjectEvent } from '../adapters/project.js';
import { Output } from '../ui/output.js';
import { helpWidth } from '../help-cache.js';
import { VERSION } from '../version.js';
import type { CommandDefinition, Context, GlobalArgs } from './command.js';
import { exitCodeFor } from './exit.js';
import { COMMANDS } from './registry.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Parses argv, runs the command and returns the process exit code. Never throws. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  let exitCode = 0;
  let out = new Output({ json: argv.includes('--json'), verbose: false, color: !argv.includes('--no-color'), env, ...streams(options) });

  const toModule = (def: CommandDefinition<never>): CommandModule<GlobalArgs, GlobalArgs> => ({
    command: def.command,
    describe: def.describe,
    builder: (y: Argv<GlobalArgs>) => {
      let built = def.builder ? (def.builder(y) as unknown as Argv<GlobalArgs>) : y;
      for (const [cmd, what] of def.examples) built = built.example(cmd, what);
      if (def.subcommands) {
        for (const sub of def.subcommands) built = built.command(toModule(sub));
        // A command that runs on its own (setup) takes subcommands (setup oidc) without demanding one.
        if (!def.run) built = built.demandCommand(1, `say which ${def.command.split(' ')[0]} command to run`);
      }
      return built;
    },
    handler: async (args) => {
      if (!def.run) return;
      out = new Output({ json: args.json, verbose: args.verbose, color: args.color, env, ...streams(options) });
      const cwd = path.resolve(args.cwd);
      const ctx: Context = { out, cwd, env, project: new Project(cwd, env, { trace: projectTrace(env, out), online: def.online === true }) };
      exitCode = (await def.run(args as never, ctx)) ?? 0;
    },
  });

  let parser = yargs([...argv])
    .scriptName('dataops')
    .locale('en')
    .version(VERSION)
    .usage('$0 <command> [options]\n\nThe Databricks DataOps platform: validate, guard and deploy Databricks Asset Bundles.')
    .option('json', { type: 'boolean', default: false, describe: 'Machine output (JSON) on stdout; progress stays on stderr' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Say more about what happens and where values come from' })
    .option('color', { type: 'boolean', default: true, describe: 'Colour on a terminal (--no-color turns it off; so does NO_COLOR)' })
    .option('cwd', { type: 'string', default: '.', describe: 'Work in this directory instead of the current one', normalize: true })
    .completion('__complete', false)
    .strict()
    .demandCommand(1, 'say which command to run (dataops --help lists them)')
    .help()
    .alias('help', 'h')
    .wrap(helpWidth(process.stdout.columns))
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      if (error) throw error;
      // yargs reuses one instance for every command level, so its options are those of the level that failed.
      throw usageError(message ?? 'invalid arguments', argv, Object.keys((parser as unknown as OptionsView).getOptions().key));
    }) as unknown as Argv<GlobalArgs>;
  for (const def of COMMANDS) parser = parser.command(toModule(def));

  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, out);
  }
}

/** `DATAOPS_TRACE=project`: one stderr line each time the project finds its root, reads dataops.yml or resolves. */
function projectTrace(env: NodeJS.ProcessEnv, out: Output): ((event: ProjectEvent) => void) | undefined {
  if (!(env.DATAOPS_TRACE ?? '').split(',').includes('project')) return undefined;
  return (event) => out.trace(`project ${event}`);
}

function streams(options: RunOptions): Pick<RunOptions, 'stdout' | 'stderr'> {
  return { stdout: options.stdout, stderr: options.stderr };
}

/** Turns yargs' complaint into a usage error with a "did you mean" where one is near. */
/** yargs' typings omit getOptions(), which lists the flags known at the current level. */
interface OptionsView {
  getOptions(): { key: Record<string, unknown> };
}

function usageError(message: string, argv: readonly string[], options: readonly string[]): UsageError {
  const unknown = /^Unknown (?:argument|arguments|command): (.+)$/.exec(message);
  if (!unknown?.[1]) return new UsageError(message, { hint: 'run with --help to see the accepted arguments' });
  const commands = helpPaths().flatMap((path) => path.slice(-1));
  const hints: string[] = [];
  for (const word of unknown[1].split(', ')) {
    const isFlag = argv.some((a) => a === `--${word}` || a.startsWith(`--${word}=`) || a === `-${word}`);
    const near = isFlag ? suggest(word, options) : suggest(word, commands);
    if (near) hints.push(`did you mean ${isFlag ? '--' : ''}${near}?`);
  }
  return new UsageError(message, { hint: hints.length > 0 ? hints.join(' ') : 'run with --help to see the accepted arguments' });
}

/**
 * Every command path with its own help (`[]` for `dataops --help`, `['local', 'up']` …): what the
 * build renders once so the launcher answers `--help` without loading the application.
 */
export function helpPaths(defs: ReadonlyArray<CommandDefinition<never>> = COMMANDS, prefix: readonly string[] = []): string[][] {
  const paths: string[][] = prefix.length === 0 ? [[]] : [];
  for (const def of defs) {
    const path = [...prefix, def.command.split(' ')[0] ?? ''];
    paths.push(path, ...helpPaths(def.subcommands ?? [], path));
  }
  return paths;
}
