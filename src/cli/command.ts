import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { Project } from '../adapters/project.js';
import type { Output } from '../ui/output.js';

/** Flags every command accepts. */
export interface GlobalArgs {
  json: boolean;
  verbose: boolean;
  color: boolean;
  cwd: string;
}

/** What a command gets besides its arguments: the outside world it may touch. */
export interface Context {
  out: Output;
  /** The directory the command works in (`--cwd`, resolved). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The project found from `cwd`, opened once for the whole run (nothing is read until asked). */
  project: Project;
}

export type Args<A> = ArgumentsCamelCase<A & GlobalArgs>;

/**
 * One command of the registry. `run` returns the exit code (0 when omitted);
 * failures are thrown as the typed errors of `core/errors.ts`.
 */
export interface CommandDefinition<A = object> {
  /** yargs command string, e.g. `resolve` or `deploy <target>`. */
  command: string;
  describe: string;
  /** At least one `[command, what it does]` pair, shown in `--help`. */
  examples: ReadonlyArray<readonly [string, string]>;
  builder?: (y: Argv<GlobalArgs>) => Argv<A & GlobalArgs>;
  run?: (args: Args<A>, ctx: Context) => Promise<number | void>;
  subcommands?: ReadonlyArray<CommandDefinition<never>>;
}

/** Keeps argument types checked inside a definition while the registry holds them uniformly. */
export function defineCommand<A>(definition: CommandDefinition<A>): CommandDefinition<never> {
  return definition as unknown as CommandDefinition<never>;
}
