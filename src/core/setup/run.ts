/**
 * `dataops setup`: the prerequisites, then every secret value looked up before anything is
 * written, then the sign-in, then the actions in order. The machine, the files, the workspace
 * and the screen are capabilities passed in, so the order and the stop rules live here.
 */
import { CheckFailedError, UsageError } from '../errors.js';
import type { ToolProbe } from '../doctor.js';
import { checkPrerequisites, type Prerequisite } from './prerequisites.js';
import { describeAction, lookupValues, planSetup, secretId, type SetupAction, type ValueLookup, type WorkspaceSecretsState } from './plan.js';
import type { ScopeSpec } from './settings.js';

/** A step on the screen: a spinner on a terminal, a line in CI. */
export interface SetupStep {
  succeed(text?: string): void;
  fail(text?: string): void;
}

export interface SetupCapabilities {
  probeTools(): Promise<ToolProbe[]>;
  lookup: ValueLookup;
  /** Every value found is masked in all later output. */
  mask(value: string): void;
  step(text: string): Promise<SetupStep>;
  prerequisiteNote(tool: Prerequisite): void;
  /** Who the workspace says we are, and where. */
  signIn(): Promise<{ userName: string; host: string }>;
  readState(scopes: readonly ScopeSpec[]): Promise<WorkspaceSecretsState>;
  /** Carries out one create or put; never called for a keep or in a dry run. */
  apply(action: SetupAction, value: string): Promise<void>;
  actionDone(action: SetupAction, text: string): void;
  info(text: string): void;
}

export interface SetupRequest {
  scopes: readonly ScopeSpec[];
  dryRun: boolean;
  /** Where the secrets are declared, for messages. */
  settingsFile: string;
}

export interface SetupResult {
  dry_run: boolean;
  prerequisites: Prerequisite[];
  user: string;
  host: string;
  actions: Array<SetupAction & { text: string }>;
}

export async function runSetup(request: SetupRequest, capabilities: SetupCapabilities): Promise<SetupResult> {
  const { scopes, dryRun, settingsFile } = request;
  const checked = await capabilities.step('prerequisites');
  const tools = checkPrerequisites(await capabilities.probeTools());
  const failing = tools.filter((t) => !t.ok);
  if (failing.length === 0) checked.succeed(`prerequisites: ${tools.map((t) => `${t.name} ${t.version ?? ''}`.trim()).join(', ')}`);
  else checked.fail('prerequisites');
  for (const tool of tools) if (tool.note) capabilities.prerequisiteNote(tool);
  if (failing.length > 0) throw new CheckFailedError(`missing or outdated: ${failing.map((t) => t.name).join(', ')}`, { hint: 'install or update them as shown above, then run dataops setup again' });

  const { values, problems } = lookupValues(scopes, capabilities.lookup);
  for (const value of values.values()) capabilities.mask(value);
  if (problems.length > 0) {
    throw new UsageError(`secrets without a value (nothing was written):\n  ${problems.join('\n  ')}`, {
      location: { file: settingsFile },
      hint: `set the environment variables (or create the files) that ${settingsFile} names under secrets:, then run dataops setup again`,
    });
  }

  const authenticated = await capabilities.step('authentication');
  const me = await capabilities.signIn().catch((error: unknown) => {
    authenticated.fail();
    throw error;
  });
  authenticated.succeed(`authentication: ${me.userName} on ${me.host}`);

  const { actions } = planSetup(scopes, values, await capabilities.readState(scopes));
  if (scopes.length === 0) capabilities.info(`no secrets declared in ${settingsFile} (secrets: {scope: {key: {env: NAME}}})`);
  for (const action of actions) {
    if (!dryRun && !action.kind.startsWith('keep')) {
      await capabilities.apply(action, action.kind === 'put-secret' ? (values.get(secretId(action.scope, action.key)) ?? '') : '');
    }
    capabilities.actionDone(action, describeAction(action, dryRun));
  }
  return { dry_run: dryRun, prerequisites: tools, user: me.userName, host: me.host, actions: actions.map((a) => ({ ...a, text: describeAction(a, dryRun) })) };
}
