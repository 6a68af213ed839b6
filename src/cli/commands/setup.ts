import { readFileSync } from 'node:fs';
import path from 'node:path';
import kleur from 'kleur';
import { CheckFailedError, UsageError } from '../../core/errors.js';
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
    const [{ probeVersion }, { TOOLS }, { checkPrerequisites }, settingsModule, { secretScopes }, plan] = await Promise.all([
      import('../../adapters/process.js'),
      import('../../core/doctor.js'),
      import('../../core/setup/prerequisites.js'),
      import('../../core/settings.js'),
      import('../../core/setup/settings.js'),
      import('../../core/setup/plan.js'),
    ]);
    const dryRun = args.dryRun;

    const checked = await out.step('prerequisites');
    const tools = checkPrerequisites(await Promise.all(TOOLS.map(async (t) => ({ name: t.name, output: await probeVersion(t.command, t.versionArgs, env) }))));
    const failing = tools.filter((t) => !t.ok);
    if (failing.length === 0) checked.succeed(`prerequisites: ${tools.map((t) => `${t.name} ${t.version ?? ''}`.trim()).join(', ')}`);
    else checked.fail('prerequisites');
    for (const t of tools) if (t.note) out.info(`  ${t.ok ? kleur.yellow('!') : kleur.red('✖')} ${t.name}: ${t.note}`);
    if (failing.length > 0) throw new CheckFailedError(`missing or outdated: ${failing.map((t) => t.name).join(', ')}`, { hint: 'install or update them as shown above, then run dataops setup again' });

    // dataops.yml lives beside databricks.yml; without a bundle, in the working directory.
    const root = project.rootOrCwd();
    const settings = await project.settings();
    const scopes = secretScopes(settings.raw);
    const lookup: ValueLookup = (source) => {
      if ('env' in source) {
        const value = env[source.env];
        return value ? { ok: true, value } : { ok: false, problem: `environment variable ${source.env} is ${value === undefined ? 'not set' : 'empty'}` };
      }
      const value = readOptional(path.resolve(root, source.file));
      return value !== undefined ? { ok: true, value } : { ok: false, problem: `file ${source.file} cannot be read` };
    };
    const { values, problems } = plan.lookupValues(scopes, lookup);
    for (const value of values.values()) out.secret(value);
    if (problems.length > 0) {
      throw new UsageError(`secrets without a value (nothing was written):\n  ${problems.join('\n  ')}`, {
        location: { file: settingsModule.SETTINGS_FILE },
        hint: 'set the environment variables (or create the files) that dataops.yml names under secrets:, then run dataops setup again',
      });
    }

    const authenticated = await out.step('authentication');
    const { connectWorkspace } = await import('../../adapters/workspace/client.js');
    const client = await connectWorkspace(env);
    const me = await client.identity.me().catch((error: unknown) => {
      authenticated.fail();
      throw error;
    });
    authenticated.succeed(`authentication: ${me.userName} on ${client.host}`);

    const { readSecretsState } = await import('../../adapters/workspace/secrets-state.js');
    const state = await readSecretsState(client, scopes);
    const { actions } = plan.planSetup(scopes, values, state);
    if (scopes.length === 0) out.info(`no secrets declared in ${settingsModule.SETTINGS_FILE} (secrets: {scope: {key: {env: NAME}}})`);
    for (const action of actions) {
      if (!dryRun) {
        if (action.kind === 'create-scope') await client.secrets.createScope(action.scope);
        else if (action.kind === 'put-secret') await client.secrets.put(action.scope, action.key, values.get(plan.secretId(action.scope, action.key)) ?? '');
        else if (action.kind === 'put-acl') await client.secrets.putAcl(action.scope, action.principal, action.permission);
      }
      out.info(`${action.kind.startsWith('keep') ? kleur.dim('=') : kleur.green(dryRun ? '+' : '✔')} ${plan.describeAction(action, dryRun)}`);
    }
    if (out.json) {
      out.result({
        dry_run: dryRun,
        prerequisites: tools,
        user: me.userName,
        host: client.host,
        actions: actions.map((a) => ({ ...a, text: plan.describeAction(a, dryRun) })),
      });
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
