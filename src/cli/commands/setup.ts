import { readFileSync } from 'node:fs';
import path from 'node:path';
import kleur from 'kleur';
import type { ValueLookup } from '../../core/setup/plan.js';
import { defineCommand } from '../command.js';

interface SetupArgs {
  'dry-run': boolean;
}

export default defineCommand<SetupArgs>({
  command: 'setup',
  describe: 'Check the tools and the Databricks login, then create the secret scopes and secrets that dataops.yml declares (idempotent)',
  examples: [
    ['$0 setup', 'check everything and put the secrets (values from environment variables or files)'],
    ['$0 setup --dry-run', 'say what would be created, write nothing'],
    ['$0 setup --json', 'the checks and the actions as JSON (never the values)'],
  ],
  builder: (y) => y.option('dry-run', { type: 'boolean', default: false, describe: 'List what would be done; write nothing' }),
  run: async (args, { out, env, project }) => {
    const [{ probeVersion }, { TOOLS }, { SETTINGS_FILE }, { secretScopes }, { runSetup }] = await Promise.all([
      import('../../adapters/process.js'),
      import('../../core/doctor.js'),
      import('../../core/settings.js'),
      import('../../core/setup/settings.js'),
      import('../../core/setup/run.js'),
    ]);
    // dataops.yml lives beside databricks.yml; without a bundle, in the working directory.
    const root = project.rootOrCwd();
    const scopes = secretScopes((await project.settings()).raw);
    const lookup: ValueLookup = (source) => {
      if ('env' in source) {
        const value = env[source.env];
        return value ? { ok: true, value } : { ok: false, problem: `environment variable ${source.env} is ${value === undefined ? 'not set' : 'empty'}` };
      }
      const value = readOptional(path.resolve(root, source.file));
      return value !== undefined ? { ok: true, value } : { ok: false, problem: `file ${source.file} cannot be read` };
    };
    const workspace = async () => (await import('../../adapters/workspace/client.js')).connectWorkspace(env);
    let client: Awaited<ReturnType<typeof workspace>> | undefined;
    const result = await runSetup(
      { scopes, dryRun: args.dryRun, settingsFile: SETTINGS_FILE },
      {
        probeTools: () => Promise.all(TOOLS.map(async (t) => ({ name: t.name, output: await probeVersion(t.command, t.versionArgs, env) }))),
        lookup,
        mask: (value) => out.secret(value),
        step: (text) => out.step(text),
        prerequisiteNote: (t) => out.info(`  ${t.ok ? kleur.yellow('!') : kleur.red('✖')} ${t.name}: ${t.note}`),
        signIn: async () => {
          client = await workspace();
          return { userName: (await client.identity.me()).userName, host: client.host };
        },
        readState: async (declared) => (await import('../../adapters/workspace/secrets-state.js')).readSecretsState(await signedIn(), declared),
        apply: async (action, value) => {
          const secrets = (await signedIn()).secrets;
          if (action.kind === 'create-scope') await secrets.createScope(action.scope);
          else if (action.kind === 'put-secret') await secrets.put(action.scope, action.key, value);
          else if (action.kind === 'put-acl') await secrets.putAcl(action.scope, action.principal, action.permission);
        },
        actionDone: (action, text) => out.info(`${action.kind.startsWith('keep') ? kleur.dim('=') : kleur.green(args.dryRun ? '+' : '✔')} ${text}`),
        info: (text) => out.info(text),
      },
    );
    if (out.json) out.result(result);

    async function signedIn() {
      return (client ??= await workspace());
    }
  },
});

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
