/** Grants as deployed (`resources.<type>.<key>.permissions` in the state) against the object's ACL now. */
import type { JsonValue } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import type { ObjectPermissions } from '../workspace-api.js';

export interface PermissionChange {
  /** `group users`, `user alice@example.com`, `service principal deployer` */
  principal: string;
  level: string;
  change: 'granted in the workspace' | 'revoked in the workspace';
}

const PRINCIPALS = [
  ['user_name', 'user'],
  ['group_name', 'group'],
  ['service_principal_name', 'service principal'],
] as const;

/** The `__embed__` list of a deployed permissions entry, as `principal → level` pairs. */
function deployedGrants(state: JsonValue | undefined): Set<string> {
  const list = isObject(state) && Array.isArray(state.__embed__) ? state.__embed__ : [];
  const grants = new Set<string>();
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.level !== 'string') continue;
    const principal = principalOf(entry as Record<string, JsonValue>);
    if (principal) grants.add(`${principal}\t${entry.level}`);
  }
  return grants;
}

/** Direct grants only: inherited ones (workspace admins) are not the bundle's. */
function actualGrants(acl: ObjectPermissions): Set<string> {
  const grants = new Set<string>();
  for (const entry of acl.access_control_list) {
    const principal = principalOf(entry as unknown as Record<string, JsonValue>);
    if (!principal) continue;
    for (const p of entry.all_permissions) if (!p.inherited) grants.add(`${principal}\t${p.permission_level}`);
  }
  return grants;
}

function principalOf(entry: Record<string, JsonValue>): string | undefined {
  for (const [field, label] of PRINCIPALS) {
    const value = entry[field];
    if (typeof value === 'string' && value !== '') return `${label} ${value}`;
  }
  return undefined;
}

export function comparePermissions(deployedState: JsonValue | undefined, acl: ObjectPermissions): PermissionChange[] {
  const deployed = deployedGrants(deployedState);
  const actual = actualGrants(acl);
  const split = (grant: string): [string, string] => grant.split('\t') as [string, string];
  return [
    ...[...actual].filter((g) => !deployed.has(g)).map((g) => ({ principal: split(g)[0], level: split(g)[1], change: 'granted in the workspace' as const })),
    ...[...deployed].filter((g) => !actual.has(g)).map((g) => ({ principal: split(g)[0], level: split(g)[1], change: 'revoked in the workspace' as const })),
  ];
}
