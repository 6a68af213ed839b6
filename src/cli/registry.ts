import type { CommandDefinition } from './command.js';
import commitlint from './commands/commitlint.js';
import completion from './commands/completion.js';
import deploy from './commands/deploy.js';
import destroy from './commands/destroy.js';
import doctor from './commands/doctor.js';
import drift from './commands/drift.js';
import guard from './commands/guard.js';
import init from './commands/init.js';
import local from './commands/local.js';
import notify from './commands/notify.js';
import plan from './commands/plan.js';
import release from './commands/release.js';
import resolve from './commands/resolve.js';
import sandbox from './commands/sandbox.js';
import schema from './commands/schema.js';
import setup from './commands/setup.js';
import setupOidc from './commands/setup-oidc.js';
import slo from './commands/slo.js';
import test from './commands/test.js';
import validate from './commands/validate.js';
import verify from './commands/verify.js';
import version from './commands/version.js';

/** Every command of the binary, in the order `dataops --help` lists them. */
// `setup oidc` is its own module; `setup` runs on its own too.
const setupWithOidc: CommandDefinition<never> = { ...setup, subcommands: [setupOidc] };

export const COMMANDS: ReadonlyArray<CommandDefinition<never>> = [init, resolve, validate, schema, notify, version, release, commitlint, sandbox, plan, deploy, guard, drift, destroy, setupWithOidc, test, verify, slo, local, doctor, completion];
