/** Options that several commands share, defined once so that they mean the same everywhere. */
import type { Argv } from 'yargs';
import { parseVarFlags, type Vars } from '../core/bundle/var-flags.js';
import { UsageError } from '../core/errors.js';
import type { GlobalArgs } from './command.js';

export interface VarArgs {
  var?: string[];
}

/** `--var name=value`, repeatable and comma-separated as the Databricks CLI's own flag. */
export function varOption<T>(y: Argv<T>): Argv<T & VarArgs> {
  return y.option('var', {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'Set a bundle variable: --var name=value (repeatable; comma-separated like the Databricks CLI: --var a=1,b=2)',
  }) as Argv<T & VarArgs>;
}

/** The variables of `--var`, read as the Databricks CLI reads them. */
export function varsOf(args: VarArgs): Vars {
  return parseVarFlags(args.var ?? []);
}

/** The options guard and drift share: which target, its variables, how many calls at once. */
export interface LiveTargetArgs extends VarArgs {
  target?: string;
  concurrency?: number;
}

export function liveTargetOptions(y: Argv<GlobalArgs>): Argv<LiveTargetArgs & GlobalArgs> {
  return varOption(y)
    .option('target', { alias: 't', type: 'string', describe: 'Target to check (default: DATABRICKS_BUNDLE_TARGET, the default target, or the only one)' })
    .option('concurrency', { type: 'number', describe: 'Workspace calls at once (default: guard.concurrency in dataops.yml, else 8)' })
    .check((argv) => {
      const n = argv.concurrency;
      if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw new UsageError(`--concurrency must be a whole number of at least 1, got ${n}`);
      return true;
    });
}
