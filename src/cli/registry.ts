import type { CommandDefinition } from './command.js';
import completion from './commands/completion.js';
import doctor from './commands/doctor.js';

/** Every command of the binary, in the order `dataops --help` lists them. */
export const COMMANDS: ReadonlyArray<CommandDefinition<never>> = [doctor, completion];
