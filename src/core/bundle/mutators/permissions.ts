/**
 * run_as and permissions: the bundle's run_as identity is copied to jobs, pipelines and
 * alerts; top-level permissions are copied to every resource in that resource's own
 * levels; the deploying identity keeps (or gets) management of what it deploys.
 */
import { Dyn, type DynMap } from '../dyn/value.js';
import { mapByPattern, setByPath } from '../dyn/path.js';
import { isServicePrincipalName } from '../identity.js';
import { addError, addRecommendation, addWarning, stringAt, type BundleState, type Mutator } from '../state.js';

function runAsIdentity(runAs: Dyn): { userName: string; servicePrincipalName: string } {
  return { userName: runAs.get('user_name')?.asString() ?? '', servicePrincipalName: runAs.get('service_principal_name')?.asString() ?? '' };
}

function runAsNotSupported(state: BundleState, what: string, path: string[], runAs: string): void {
  addError(state, {
    summary: `${what} do not support a setting a run_as user that is different from the owner.\nCurrent identity: ${state.currentUser?.userName ?? ''}. Run as identity: ${runAs}.\nSee https://docs.databricks.com/dev-tools/bundles/run-as.html to learn more about the run_as property.`,
    locations: [resourceLocation(state, path)],
  });
}

function resourceLocation(state: BundleState, path: string[]) {
  let v: Dyn | undefined = state.root;
  for (const p of path) v = v?.get(p);
  return v?.location;
}

function nonEmptyMap(state: BundleState, type: string): Dyn | undefined {
  const v = state.root.get('resources')?.get(type);
  return v?.kind === 'map' && v.entries.size > 0 ? v : undefined;
}

/** Copies run_as to each job / pipeline / alert that has none. */
function propagateRunAs(state: BundleState, types: readonly string[], runAs: Dyn): void {
  const { userName, servicePrincipalName } = runAsIdentity(runAs);
  const value = Dyn.from({ ...(servicePrincipalName ? { service_principal_name: servicePrincipalName } : {}), ...(userName ? { user_name: userName } : {}) });
  for (const type of types) {
    state.root = mapByPattern(state.root, ['resources', type, '*'], (_p, r) => (r.kind === 'map' && !r.get('run_as') ? setByPath(r, ['run_as'], value) : r));
  }
}

export const setRunAs: Mutator = {
  name: 'SetRunAs',
  apply(state) {
    const runAs = state.root.get('run_as');
    if (!runAs) return;
    if (state.root.get('experimental')?.get('use_legacy_run_as')?.raw === true) {
      setPipelineOwners(state, runAs);
      propagateRunAs(state, ['jobs'], runAs);
      const flag = state.root.get('experimental')?.get('use_legacy_run_as');
      addWarning(state, {
        summary:
          'You are using the legacy mode of run_as. The support for this mode is experimental and might be removed in a future release of the CLI. In order to run the pipelines in your DABs project as the run_as user this mode changes the owners of the pipelines to the run_as identity, which requires the user deploying the bundle to be a workspace admin, and also a Metastore admin if the pipeline target is in UC.',
        paths: [['experimental', 'use_legacy_run_as']],
        locations: flag?.locs ?? [],
      });
      return;
    }
    const { userName, servicePrincipalName } = runAsIdentity(runAs);
    if (runAs.kind === 'nil' || (userName === '' && servicePrincipalName === '')) {
      return addError(state, { summary: 'run_as section must specify exactly one identity. Neither service_principal_name nor user_name is specified', locations: [runAs.location] });
    }
    if (userName !== '' && servicePrincipalName !== '') {
      addError(state, { summary: 'run_as section cannot specify both user_name and service_principal_name', locations: [runAs.location] });
    }
    const identity = servicePrincipalName || userName;
    if (identity !== state.currentUser?.userName) {
      if (nonEmptyMap(state, 'model_serving_endpoints')) runAsNotSupported(state, 'model_serving_endpoints', ['resources', 'model_serving_endpoints'], identity);
      if (nonEmptyMap(state, 'quality_monitors')) runAsNotSupported(state, 'quality_monitors', ['resources', 'quality_monitors'], identity);
      for (const [key, pair] of nonEmptyMap(state, 'dashboards')?.entries ?? []) {
        if (pair.value.get('embed_credentials')?.raw === true) runAsNotSupported(state, 'dashboards with embed_credentials set to true', ['resources', 'dashboards', key], identity);
      }
      if (nonEmptyMap(state, 'apps')) runAsNotSupported(state, 'apps', ['resources', 'apps'], identity);
    }
    if (state.diagnostics.some((d) => d.severity === 'error')) return;
    propagateRunAs(state, ['jobs', 'pipelines', 'alerts'], runAs);
  },
};

/** Legacy run_as: the run_as identity becomes the owner of every pipeline. */
function setPipelineOwners(state: BundleState, runAs: Dyn): void {
  const { userName, servicePrincipalName } = runAsIdentity(runAs);
  const me = state.currentUser?.userName ?? '';
  if (userName === me || servicePrincipalName === me) return;
  state.root = mapByPattern(state.root, ['resources', 'pipelines', '*'], (_p, pipeline) => {
    if (pipeline.kind !== 'map') return pipeline;
    const current = pipeline.get('permissions');
    const kept = (current?.kind === 'seq' ? current.items : []).filter((p) => {
      const sp = p.get('service_principal_name')?.asString() ?? '';
      const user = p.get('user_name')?.asString() ?? '';
      return !((servicePrincipalName !== '' && sp === servicePrincipalName) || (userName !== '' && user === userName));
    });
    const owner = permission('IS_OWNER', { service_principal_name: servicePrincipalName, user_name: userName });
    return setByPath(pipeline, ['permissions'], Dyn.seq([...kept.map(normalizePermission), owner]));
  });
}

/** How each resource type names the bundle's CAN_MANAGE / CAN_VIEW / CAN_RUN levels ("-": not granted). */
const LEVEL_TABLE = `
  jobs                     CAN_MANAGE  CAN_VIEW       CAN_MANAGE_RUN
  pipelines                CAN_MANAGE  CAN_VIEW       CAN_RUN
  experiments              CAN_MANAGE  CAN_READ       -
  models                   CAN_MANAGE  CAN_READ       -
  model_serving_endpoints  CAN_MANAGE  CAN_VIEW       CAN_QUERY
  dashboards               CAN_MANAGE  CAN_READ       -
  genie_spaces             CAN_MANAGE  CAN_READ       -
  apps                     CAN_MANAGE  CAN_USE        -
  secret_scopes            MANAGE      READ           -
  alerts                   CAN_MANAGE  CAN_READ       CAN_RUN
  sql_warehouses           CAN_MANAGE  CAN_VIEW       CAN_MONITOR
  database_instances       CAN_MANAGE  CAN_USE        -
  postgres_projects        CAN_MANAGE  CAN_USE        -
  clusters                 CAN_MANAGE  CAN_ATTACH_TO  CAN_RESTART
  vector_search_endpoints  CAN_MANAGE  CAN_USE        -
  instance_pools           CAN_MANAGE  CAN_ATTACH_TO  -
`;

const LEVELS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  LEVEL_TABLE.trim()
    .split('\n')
    .map((line) => {
      const [type, manage, view, run] = line.trim().split(/\s+/) as [string, string, string, string];
      const levels: Record<string, string> = { CAN_MANAGE: manage, CAN_VIEW: view };
      if (run !== '-') levels.CAN_RUN = run;
      return [type, levels];
    }),
);

const PRINCIPAL_FIELDS = ['user_name', 'group_name', 'service_principal_name'] as const;
type Principal = Partial<Record<(typeof PRINCIPAL_FIELDS)[number], string>>;

function permission(level: string, principal: Principal): Dyn {
  const entries: DynMap = new Map([['level', { keyLocs: [], value: Dyn.string(level) }]]);
  for (const field of PRINCIPAL_FIELDS) {
    const v = principal[field];
    if (v) entries.set(field, { keyLocs: [], value: Dyn.string(v) });
  }
  return Dyn.map(entries);
}

function principalOf(p: Dyn): Principal {
  return Object.fromEntries(PRINCIPAL_FIELDS.map((f) => [f, p.get(f)?.asString() ?? '']));
}

/** A permission as the CLI's generic Permission struct keeps it (level and principal only). */
function normalizePermission(p: Dyn): Dyn {
  return permission(p.get('level')?.asString() ?? '', principalOf(p));
}

export const applyBundlePermissions: Mutator = {
  name: 'ApplyBundlePermissions',
  apply(state) {
    const bundlePermissions = state.root.get('permissions');
    const items = bundlePermissions?.kind === 'seq' ? bundlePermissions.items : [];
    for (const p of items) {
      const level = p.get('level')?.asString() ?? '';
      if (!['CAN_MANAGE', 'CAN_VIEW', 'CAN_RUN'].includes(level)) {
        return addError(state, `invalid permission level: ${level}, allowed values: [CAN_MANAGE, CAN_VIEW, CAN_RUN]`);
      }
    }
    for (const [type, levels] of Object.entries(LEVELS)) {
      state.root = mapByPattern(state.root, ['resources', type, '*'], (_p, resource) => {
        if (resource.kind !== 'map') return resource;
        const existing = resource.get('permissions');
        const own = existing?.kind === 'seq' ? existing.items : [];
        const added: Dyn[] = [];
        for (const p of items) {
          const level = levels[p.get('level')?.asString() ?? ''];
          if (!level) continue;
          if (overlaps(state, p, own, type)) continue;
          added.push(permission(level, principalOf(p)));
        }
        const all = [...own.map(normalizePermission), ...added];
        // Nothing to set on a resource without permissions: it stays as it is (and shared between targets).
        if (all.length === 0 && (existing === undefined || existing.kind === 'nil')) return resource;
        return setByPath(resource, ['permissions'], all.length === 0 ? Dyn.nil : Dyn.seq(all));
      });
    }
  },
};

function overlaps(state: BundleState, p: Dyn, own: readonly Dyn[], type: string): boolean {
  const principal = principalOf(p);
  let found = false;
  const labels: Record<(typeof PRINCIPAL_FIELDS)[number], string> = { group_name: 'group', user_name: 'user name', service_principal_name: 'service principal name' };
  for (const rp of own) {
    for (const field of ['group_name', 'user_name', 'service_principal_name'] as const) {
      const v = rp.get(field)?.asString() ?? '';
      if (v !== '' && v === principal[field]) {
        addWarning(state, `'${type}' already has permissions set for '${v}' ${labels[field]}`);
        found = true;
      }
    }
  }
  return found;
}

const IGNORED_FOR_OWNERSHIP = new Set(['secret_scopes']);
const HAS_IS_OWNER = new Set(['jobs', 'pipelines', 'sql_warehouses']);

/** The deploying identity is IS_OWNER (jobs, pipelines, warehouses) or CAN_MANAGE; each principal keeps only its highest level. */
export const fixPermissions: Mutator = {
  name: 'FixPermissions',
  apply(state) {
    const me = state.currentUser?.userName;
    if (!me) return;
    state.root = mapByPattern(state.root, ['resources', '*', '*', 'permissions'], (p, permissions) => {
      const type = p[1] as string;
      if (IGNORED_FOR_OWNERSHIP.has(type) || permissions.kind !== 'seq') return permissions;
      return useMaximumLevel(ensureManagement(permissions.items, me, type));
    });
  },
};

function userOf(p: Dyn): string {
  return p.get('user_name')?.asString() || p.get('service_principal_name')?.asString() || '';
}

function ensureManagement(items: readonly Dyn[], me: string, type: string): Dyn[] {
  let canAddOwner = HAS_IS_OWNER.has(type);
  let meIsOwner = false;
  let meCanManage = -1;
  items.forEach((p, i) => {
    const level = p.get('level')?.asString();
    if (level === undefined) return;
    const user = userOf(p);
    if (level === 'IS_OWNER') {
      canAddOwner = false;
      if (user === me) meIsOwner = true;
    }
    if (user === me && level === 'CAN_MANAGE') meCanManage = i;
  });
  const out = [...items];
  if (meIsOwner) return out;
  const mine = (level: string): Dyn => Dyn.from({ level, [isServicePrincipalName(me) ? 'service_principal_name' : 'user_name']: me });
  if (canAddOwner) {
    if (meCanManage >= 0) out[meCanManage] = setByPath(out[meCanManage] as Dyn, ['level'], Dyn.string('IS_OWNER'));
    else out.push(mine('IS_OWNER'));
    return out;
  }
  if (meCanManage < 0) out.push(mine('CAN_MANAGE'));
  return out;
}

const LEVEL_ORDER: Readonly<Record<string, number>> = {
  '': -1,
  CAN_VIEW: 2,
  CAN_READ: 3,
  CAN_VIEW_METADATA: 4,
  CAN_RUN: 5,
  CAN_QUERY: 6,
  CAN_USE: 7,
  CAN_EDIT: 8,
  CAN_EDIT_METADATA: 9,
  CAN_CREATE: 10,
  CAN_ATTACH_TO: 11,
  CAN_RESTART: 12,
  CAN_MONITOR: 13,
  CAN_MANAGE_RUN: 14,
  CAN_MANAGE_STAGING_VERSIONS: 15,
  CAN_MANAGE_PRODUCTION_VERSIONS: 16,
  CAN_MANAGE: 17,
  IS_OWNER: 18,
};

function levelScore(level: string): number {
  const exact = LEVEL_ORDER[level];
  if (exact !== undefined) return exact;
  let best = 0;
  let bestLength = 0;
  for (const [name, score] of Object.entries(LEVEL_ORDER)) {
    if (level.startsWith(name) && name.length > bestLength) {
      best = score;
      bestLength = name.length;
    }
  }
  return best;
}

function maxLevel(a: string, b: string): string {
  const diff = levelScore(a) - levelScore(b);
  return diff > 0 || (diff === 0 && a >= b) ? a : b;
}

function useMaximumLevel(items: readonly Dyn[]): Dyn {
  const levels = new Map<string, { field: string; value: string; level: string }>();
  for (const p of items) {
    const level = p.get('level')?.asString() ?? '';
    if (level === '') continue;
    const principal = ['user_name', 'service_principal_name', 'group_name'].map((f) => [f, p.get(f)?.asString() ?? ''] as const).find(([, v]) => v !== '');
    if (!principal) continue;
    const key = `${principal[0]}:${principal[1]}`;
    const current = levels.get(key);
    levels.set(key, { field: principal[0], value: principal[1], level: maxLevel(current?.level ?? '', level) });
  }
  return Dyn.seq([...levels.values()].map((l) => Dyn.from({ level: l.level, [l.field]: l.value })));
}

export const permissionDiagnostics: Mutator = {
  name: 'CheckPermissions',
  apply(state) {
    const permissions = state.root.get('permissions');
    if (permissions?.kind !== 'seq' || permissions.items.length === 0) return;
    const me = state.currentUser?.userName ?? '';
    const canManage = permissions.items.some((p) => {
      if (p.get('level')?.asString() !== 'CAN_MANAGE') return false;
      return p.get('user_name')?.asString() === me || p.get('service_principal_name')?.asString() === me;
    });
    if (canManage) return;
    const identityType = isServicePrincipalName(me) ? 'service_principal_name' : 'user_name';
    addRecommendation(state, {
      summary: `permissions section should explicitly include the current deployment identity '${me}' or one of its groups\nIf it is not included, CAN_MANAGE permissions are only applied if the present identity is used to deploy.\n\nConsider using a adding a top-level permissions section such as the following:\n\n  permissions:\n    - ${identityType}: ${me}\n      level: CAN_MANAGE\n\nSee https://docs.databricks.com/dev-tools/bundles/permissions.html to learn more about permission configuration.`,
      locations: [permissions.location],
    });
  },
};

/** A root under /Workspace/Shared is writable by every workspace user unless the bundle says so on purpose. */
export const validateSharedRootPermissions: Mutator = {
  name: 'ValidateSharedRootPermissions',
  apply(state) {
    const rootPath = stringAt(state.root, 'workspace', 'root_path');
    if (!rootPath.startsWith('/Workspace/Shared/')) return;
    const permissions = state.root.get('permissions');
    const intended = (permissions?.kind === 'seq' ? permissions.items : []).some(
      (p) => p.get('group_name')?.asString() === 'users' && p.get('level')?.asString() === 'CAN_MANAGE',
    );
    if (intended) return;
    addWarning(state, {
      summary: `the bundle root path ${rootPath} is writable by all workspace users`,
      detail:
        "The bundle is configured to use /Workspace/Shared, which will give read/write access to all users. If this is intentional, add CAN_MANAGE for 'group_name: users' permission to your bundle configuration. If the deployment should be restricted, move it to a restricted folder such as /Workspace/Users/<username or principal name>.",
    });
  },
};
