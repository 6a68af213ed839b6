import type {
  AccessControlRequest,
  AccessControlResponse,
  ObjectPermissions,
  SetPermissionsRequest,
} from '../../core/workspace-api.js';
import { caller, invalidParameter, jsonBody, notFound, type ApiRequest } from '../http.js';
import type { Identity } from '../identities.js';
import type { ApiModule, LocalContext } from './context.js';

/** Singular object type names the permissions API reports, by URL segment. */
const OBJECT_TYPES: Record<string, string> = {
  jobs: 'job',
  pipelines: 'pipelines',
  dashboards: 'dashboard',
  'sql/warehouses': 'warehouses',
  warehouses: 'warehouses',
  directories: 'directory',
  notebooks: 'notebook',
  files: 'file',
};

/** Which collection of the state holds each kind, to answer 404 for objects that do not exist. */
const EXISTENCE: Record<string, (context: LocalContext, id: string) => boolean> = {
  jobs: (context, id) => id in context.store.state.jobs,
  pipelines: (context, id) => id in context.store.state.pipelines,
  dashboards: (context, id) => id in context.store.state.dashboards,
  'sql/warehouses': (context, id) => id in context.store.state.warehouses,
  warehouses: (context, id) => id in context.store.state.warehouses,
};

/** Access control lists of jobs, pipelines, dashboards and warehouses. */
export class PermissionsBook {
  constructor(private readonly context: LocalContext) {}

  /** The creator owns what it creates; an access list given at creation is added. */
  initialise(type: string, id: string, owner: Identity, acl: readonly AccessControlRequest[]): void {
    const owned: AccessControlRequest = { ...principalOf(owner), permission_level: 'IS_OWNER' };
    this.context.store.state.permissions[key(type, id)] = this.build(type, id, [owned, ...acl.filter((entry) => entry.permission_level !== 'IS_OWNER')]);
  }

  forget(type: string, id: string): void {
    delete this.context.store.state.permissions[key(type, id)];
  }

  get(type: string, id: string): ObjectPermissions {
    this.mustExist(type, id);
    return this.context.store.state.permissions[key(type, id)] ?? this.build(type, id, []);
  }

  /** PUT replaces the direct grants (the owner stays unless a new owner is named); PATCH adds to them. */
  set(type: string, id: string, request: SetPermissionsRequest, replace: boolean): ObjectPermissions {
    this.mustExist(type, id);
    const entries = request.access_control_list ?? [];
    for (const entry of entries) {
      if (!entry.permission_level) throw invalidParameter('permission_level is required for every access control entry');
      if (!entry.user_name && !entry.group_name && !entry.service_principal_name) {
        throw invalidParameter('Every access control entry needs user_name, group_name or service_principal_name');
      }
    }
    const current = this.get(type, id).access_control_list.flatMap(toRequests);
    const owner = current.filter((entry) => entry.permission_level === 'IS_OWNER');
    const kept = replace ? (entries.some((e) => e.permission_level === 'IS_OWNER') ? [] : owner) : current;
    const merged = [...kept, ...entries];
    const result = this.build(type, id, merged);
    this.context.store.state.permissions[key(type, id)] = result;
    return result;
  }

  private mustExist(type: string, id: string): void {
    const exists = EXISTENCE[type];
    if (exists && !exists(this.context, id)) throw notFound(`${OBJECT_TYPES[type] ?? type} ${id} does not exist.`);
  }

  private build(type: string, id: string, entries: readonly AccessControlRequest[]): ObjectPermissions {
    const byPrincipal = new Map<string, AccessControlResponse>();
    for (const entry of entries) {
      const principal = principalKey(entry);
      const existing = byPrincipal.get(principal) ?? { ...principalFields(entry), all_permissions: [] };
      if (!existing.all_permissions.some((p) => p.permission_level === entry.permission_level)) {
        existing.all_permissions.push({ permission_level: entry.permission_level, inherited: false });
      }
      byPrincipal.set(principal, existing);
    }
    const admins: AccessControlResponse = {
      group_name: 'admins',
      all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [`/${type}/`] }],
    };
    return { object_id: `/${type}/${id}`, object_type: OBJECT_TYPES[type] ?? type, access_control_list: [...byPrincipal.values(), admins] };
  }
}

export const permissionsApi = (book: PermissionsBook): ApiModule => (router) => {
  const object = (request: ApiRequest): { type: string; id: string } => {
    const type = request.params.prefix ? `${request.params.prefix}/${request.params.type}` : (request.params.type ?? '');
    return { type, id: request.params.id ?? '' };
  };
  for (const path of ['/api/2.0/permissions/{type}/{id}', '/api/2.0/permissions/{prefix}/{type}/{id}']) {
    router.on('GET', path, (request) => {
      caller(request);
      const { type, id } = object(request);
      return book.get(type, id);
    });
    router.on('PUT', path, (request) => {
      caller(request);
      const { type, id } = object(request);
      return book.set(type, id, jsonBody<SetPermissionsRequest>(request), true);
    });
    router.on('PATCH', path, (request) => {
      caller(request);
      const { type, id } = object(request);
      return book.set(type, id, jsonBody<SetPermissionsRequest>(request), false);
    });
  }
};

function key(type: string, id: string): string {
  return `${type}/${id}`;
}

function principalOf(identity: Identity): Pick<AccessControlRequest, 'user_name' | 'service_principal_name'> {
  return identity.kind === 'user' ? { user_name: identity.userName } : { service_principal_name: identity.userName };
}

function principalKey(entry: AccessControlRequest): string {
  if (entry.user_name) return `user:${entry.user_name}`;
  if (entry.service_principal_name) return `sp:${entry.service_principal_name}`;
  return `group:${entry.group_name ?? ''}`;
}

function principalFields(entry: Pick<AccessControlRequest, 'user_name' | 'group_name' | 'service_principal_name'>): Pick<AccessControlResponse, 'user_name' | 'group_name' | 'service_principal_name'> {
  if (entry.user_name) return { user_name: entry.user_name };
  if (entry.service_principal_name) return { service_principal_name: entry.service_principal_name };
  return { group_name: entry.group_name ?? '' };
}

function toRequests(entry: AccessControlResponse): AccessControlRequest[] {
  return entry.all_permissions
    .filter((permission) => !permission.inherited)
    .map((permission) => ({ ...principalFields(entry), permission_level: permission.permission_level }));
}
