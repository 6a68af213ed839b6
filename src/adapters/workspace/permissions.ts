import type { AccessControlRequest, ObjectPermissions } from '../../core/workspace-api.js';
import type { Transport } from './transport.js';

/** Object ACLs; `objectType` is the URL segment: jobs, pipelines, dashboards, sql/warehouses … */
export class PermissionsApi {
  constructor(private readonly http: Transport) {}

  get(objectType: string, objectId: string): Promise<ObjectPermissions> {
    return this.http.json('GET', `/api/2.0/permissions/${objectType}/${encodeURIComponent(objectId)}`);
  }

  /** Replaces the direct grants. */
  set(objectType: string, objectId: string, acl: AccessControlRequest[]): Promise<ObjectPermissions> {
    return this.http.json('PUT', `/api/2.0/permissions/${objectType}/${encodeURIComponent(objectId)}`, { body: { access_control_list: acl } });
  }

  /** Adds to the direct grants. */
  update(objectType: string, objectId: string, acl: AccessControlRequest[]): Promise<ObjectPermissions> {
    return this.http.json('PATCH', `/api/2.0/permissions/${objectType}/${encodeURIComponent(objectId)}`, { body: { access_control_list: acl } });
  }
}
