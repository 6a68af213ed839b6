/**
 * What `dataops setup` does with the secrets of dataops.yml, decided before anything is
 * written: every value is looked up first, so a missing variable stops the run with
 * nothing half-written. Actions never carry values; the runner looks them up by key.
 */
import type { AclSpec, ScopeSpec, SecretSource } from './settings.js';

export type ValueLookup = (source: SecretSource) => { ok: true; value: string } | { ok: false; problem: string };

export type SetupAction =
  | { kind: 'create-scope'; scope: string }
  | { kind: 'keep-scope'; scope: string }
  | { kind: 'put-secret'; scope: string; key: string; from: string }
  | ({ kind: 'put-acl' | 'keep-acl'; scope: string } & AclSpec);

export interface SetupPlan {
  actions: SetupAction[];
  /** `scope/key` → value; never printed. */
  values: ReadonlyMap<string, string>;
}

function sourceText(source: SecretSource): string {
  return 'env' in source ? `environment variable ${source.env}` : `file ${source.file}`;
}

export function secretId(scope: string, key: string): string {
  return `${scope}/${key}`;
}

/** Every value, or the list of what is missing (each naming the variable or file). */
export function lookupValues(scopes: readonly ScopeSpec[], lookup: ValueLookup): { values: Map<string, string>; problems: string[] } {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const { scope, secrets } of scopes) {
    for (const { key, source } of secrets) {
      const found = lookup(source);
      if (found.ok) values.set(secretId(scope, key), found.value);
      else problems.push(`${secretId(scope, key)}: ${found.problem}`);
    }
  }
  return { values, problems };
}

export interface WorkspaceSecretsState {
  scopes: ReadonlySet<string>;
  /** Existing ACLs per existing scope. */
  acls: ReadonlyMap<string, readonly AclSpec[]>;
}

export function planSetup(scopes: readonly ScopeSpec[], values: ReadonlyMap<string, string>, state: WorkspaceSecretsState): SetupPlan {
  const actions: SetupAction[] = [];
  for (const { scope, secrets, acls } of scopes) {
    actions.push({ kind: state.scopes.has(scope) ? 'keep-scope' : 'create-scope', scope });
    for (const { key, source } of secrets) actions.push({ kind: 'put-secret', scope, key, from: sourceText(source) });
    const current = state.acls.get(scope) ?? [];
    for (const acl of acls) {
      const same = current.some((c) => c.principal === acl.principal && c.permission === acl.permission);
      actions.push({ kind: same ? 'keep-acl' : 'put-acl', scope, ...acl });
    }
  }
  return { actions, values };
}

/** One line per action, in the tense of a dry run or of a done run. */
export function describeAction(action: SetupAction, dryRun: boolean): string {
  const will = (text: string, done: string): string => (dryRun ? `would ${text}` : done);
  switch (action.kind) {
    case 'create-scope':
      return will(`create secret scope ${action.scope}`, `created secret scope ${action.scope}`);
    case 'keep-scope':
      return `secret scope ${action.scope} exists`;
    case 'put-secret':
      return will(`put secret ${secretId(action.scope, action.key)} from ${action.from}`, `put secret ${secretId(action.scope, action.key)} from ${action.from}`);
    case 'put-acl':
      return will(`grant ${action.permission} on ${action.scope} to ${action.principal}`, `granted ${action.permission} on ${action.scope} to ${action.principal}`);
    case 'keep-acl':
      return `${action.principal} has ${action.permission} on ${action.scope}`;
  }
}
