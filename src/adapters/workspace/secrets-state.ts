/** The secret scopes that exist, and the ACLs of those that `dataops setup` gives ACLs to. */
import type { WorkspaceSecretsState } from '../../core/setup/plan.js';
import type { ScopeSpec } from '../../core/setup/settings.js';
import type { WorkspaceClient } from './client.js';

export async function readSecretsState(client: WorkspaceClient, scopes: readonly ScopeSpec[]): Promise<WorkspaceSecretsState> {
  const existing = new Set((await client.secrets.listScopes()).map((s) => s.name));
  const acls = new Map(
    await Promise.all(
      scopes.filter((s) => s.acls.length > 0 && existing.has(s.scope)).map(async (s) => [s.scope, await client.secrets.listAcls(s.scope)] as const),
    ),
  );
  return { scopes: existing, acls };
}
