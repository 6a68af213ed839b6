import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { WorkspaceApiError } from '../../../src/adapters/workspace/transport.js';
import { startHarness, TestClock, type Harness } from './harness.js';

const clock = new TestClock();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(() => h.close());

const failure = (promise: Promise<unknown>): Promise<WorkspaceApiError> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as WorkspaceApiError,
  );

describe('pipelines', () => {
  it('creates, edits, filters, runs an update to COMPLETED and deletes', async () => {
    const ws = h.client();
    const deployment = { kind: 'BUNDLE', metadata_file_path: '/Workspace/x/metadata.json' };
    const { pipeline_id } = await ws.pipelines.create({ name: 'sales_pipeline', catalog: 'main', schema: 'sales', deployment, edit_mode: 'UI_LOCKED' });
    await ws.pipelines.create({ name: 'orders_pipeline' });
    expect(await failure(ws.pipelines.create({ name: 'sales_pipeline' }))).toMatchObject({ status: 409, errorCode: 'RESOURCE_CONFLICT' });

    const pipeline = await ws.pipelines.get(pipeline_id);
    expect(pipeline).toMatchObject({ name: 'sales_pipeline', state: 'IDLE', creator_user_name: 'developer@dataops.local' });
    expect(pipeline.spec).toMatchObject({ deployment, edit_mode: 'UI_LOCKED', catalog: 'main' });

    await ws.pipelines.update(pipeline_id, { ...pipeline.spec, schema: 'sales_v2' });
    expect((await ws.pipelines.get(pipeline_id)).spec.schema).toBe('sales_v2');

    expect((await collect(ws.pipelines.list({ filter: "name LIKE '%sales%'" }))).map((p) => p.name)).toEqual(['sales_pipeline']);
    expect(await failure(collect(ws.pipelines.list({ filter: 'name ~ x' })))).toMatchObject({ status: 400 });

    // A pipeline without libraries has nothing to run: its update goes straight through (runs.test.ts runs sources).
    const { update_id } = await ws.pipelines.startUpdate(pipeline_id);
    while ((await ws.pipelines.getUpdate(pipeline_id, update_id)).state !== 'COMPLETED') await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await ws.pipelines.get(pipeline_id)).state).toBe('IDLE');
    expect((await collect(ws.pipelines.listEvents(pipeline_id))).map((event) => event.message)).toContain(`Update ${update_id.slice(0, 6)} is COMPLETED.`);

    await ws.pipelines.delete(pipeline_id);
    expect((await failure(ws.pipelines.get(pipeline_id))).isNotFound).toBe(true);
  });
});

describe('AI/BI dashboards', () => {
  it('creates a draft in the workspace tree, updates it, publishes, lists and trashes', async () => {
    const ws = h.client();
    await ws.workspace.mkdirs('/Workspace/Shared/reports');
    const created = await ws.dashboards.create({
      display_name: 'Sales',
      parent_path: '/Workspace/Shared/reports',
      serialized_dashboard: '{"pages":[]}',
      warehouse_id: 'abc',
    });
    expect(created).toMatchObject({ parent_path: '/Shared/reports', path: '/Shared/reports/Sales.lvdash.json', lifecycle_state: 'ACTIVE', etag: '1' });
    expect(await ws.workspace.getStatus('/Workspace/Shared/reports/Sales.lvdash.json')).toMatchObject({
      object_type: 'DASHBOARD',
      resource_id: created.dashboard_id,
    });
    expect(await failure(ws.dashboards.create({ display_name: 'Sales', parent_path: '/Shared/reports' }))).toMatchObject({
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    });

    clock.advance(1000);
    const updated = await ws.dashboards.update(created.dashboard_id, { serialized_dashboard: '{"pages":[{"name":"p"}]}' });
    expect(updated.etag).toBe('2');
    expect(updated.serialized_dashboard).toBe('{"pages":[{"name":"p"}]}\n');
    expect((await failure(ws.dashboards.getPublished(created.dashboard_id))).status).toBe(404);
    clock.advance(1000);
    const published = await ws.dashboards.publish(created.dashboard_id, { embed_credentials: false });
    expect(published.revision_create_time > updated.update_time).toBe(true);
    expect(await ws.dashboards.getPublished(created.dashboard_id)).toEqual(published);

    expect((await collect(ws.dashboards.list())).map((d) => d.dashboard_id)).toContain(created.dashboard_id);
    await ws.dashboards.trash(created.dashboard_id);
    expect((await ws.dashboards.get(created.dashboard_id)).lifecycle_state).toBe('TRASHED');
    expect((await collect(ws.dashboards.list())).map((d) => d.dashboard_id)).not.toContain(created.dashboard_id);
    expect((await failure(ws.workspace.getStatus('/Shared/reports/Sales.lvdash.json'))).isNotFound).toBe(true);
  });
});

describe('workspace files', () => {
  it('refuses to overwrite without overwrite=true (what the deploy lock relies on), and exports what was written', async () => {
    const ws = h.client();
    await ws.workspace.mkdirs('/Workspace/Users/developer@dataops.local/.bundle/x/state');
    const lock = '/Workspace/Users/developer@dataops.local/.bundle/x/state/deploy.lock';
    await ws.workspace.importFile(lock, Buffer.from('first'));
    expect(await failure(ws.workspace.importFile(lock, Buffer.from('second')))).toMatchObject({ status: 409, errorCode: 'RESOURCE_ALREADY_EXISTS' });
    expect((await ws.workspace.export(lock)).toString()).toBe('first');
    await ws.workspace.importFile(lock, Buffer.from('third'), { overwrite: true });
    expect((await ws.workspace.export(lock)).toString()).toBe('third');

    expect((await failure(ws.workspace.importFile('/Workspace/nowhere/file.txt', Buffer.from('x')))).status).toBe(404);
    expect((await ws.workspace.list('/Users/developer@dataops.local/.bundle/x')).map((o) => o.path)).toEqual([
      '/Users/developer@dataops.local/.bundle/x/state',
    ]);
    expect(await failure(ws.workspace.delete('/Workspace/Users/developer@dataops.local/.bundle/x'))).toMatchObject({ errorCode: 'DIRECTORY_NOT_EMPTY' });
    await ws.workspace.delete('/Workspace/Users/developer@dataops.local/.bundle/x', { recursive: true });
    expect((await failure(ws.workspace.getStatus(lock))).isNotFound).toBe(true);
  });

  it('turns a source file with a notebook header into a notebook', async () => {
    const ws = h.client();
    await ws.workspace.importFile('/Shared/etl.py', Buffer.from('# Databricks notebook source\nprint(1)\n'));
    expect(await ws.workspace.getStatus('/Shared/etl')).toMatchObject({ object_type: 'NOTEBOOK', language: 'PYTHON' });
  });
});

describe('secrets and permissions', () => {
  it('manages scopes, secrets and ACLs, with RESOURCE_ALREADY_EXISTS on a second create', async () => {
    const ws = h.client();
    await ws.secrets.createScope('app');
    expect(await failure(ws.secrets.createScope('app'))).toMatchObject({ status: 400, errorCode: 'RESOURCE_ALREADY_EXISTS' });
    await ws.secrets.put('app', 'teams-webhook', 'https://example.invalid/hook');
    expect((await ws.secrets.list('app')).map((s) => s.key)).toEqual(['teams-webhook']);
    await ws.secrets.putAcl('app', 'deployers', 'READ');
    expect(await ws.secrets.listAcls('app')).toEqual([
      { principal: 'developer@dataops.local', permission: 'MANAGE' },
      { principal: 'deployers', permission: 'READ' },
    ]);
    await ws.secrets.deleteAcl('app', 'deployers');
    await ws.secrets.delete('app', 'teams-webhook');
    expect(await ws.secrets.list('app')).toEqual([]);
    await ws.secrets.deleteScope('app');
    expect((await failure(ws.secrets.list('app'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('reads and replaces a job ACL, keeping its owner', async () => {
    const ws = h.client();
    const { job_id } = await ws.jobs.create({ name: 'acl' });
    const before = await ws.permissions.get('jobs', String(job_id));
    expect(before.access_control_list[0]).toMatchObject({ user_name: 'developer@dataops.local', all_permissions: [{ permission_level: 'IS_OWNER' }] });
    const after = await ws.permissions.set('jobs', String(job_id), [{ group_name: 'users', permission_level: 'CAN_VIEW' }]);
    expect(after.access_control_list.map((entry) => [entry.user_name ?? entry.group_name, entry.all_permissions[0]?.permission_level])).toEqual([
      ['developer@dataops.local', 'IS_OWNER'],
      ['users', 'CAN_VIEW'],
      ['admins', 'CAN_MANAGE'],
    ]);
    expect((await failure(ws.permissions.get('jobs', '42'))).status).toBe(404);
  });
});

describe('identity', () => {
  it('answers /Me per token with the org id header, lists service principals, and refuses an unknown token with 401', async () => {
    const ws = h.client();
    expect((await ws.identity.me()).userName).toBe('developer@dataops.local');
    const sp = h.workspace.identities['service-principal'].identity;
    expect((await h.client('service-principal').identity.me()).userName).toBe(sp.applicationId);
    expect((await ws.identity.servicePrincipals(`applicationId eq "${sp.applicationId}"`)).map((p) => p.displayName)).toEqual(['dataops-local-deployer']);

    const me = await fetch(`${h.workspace.url}/api/2.0/preview/scim/v2/Me`, { headers: { Authorization: `Bearer ${h.workspace.identities.developer.token}` } });
    const config = (await (await fetch(`${h.workspace.url}/.well-known/databricks-config`)).json()) as { workspace_id: string };
    expect(me.headers.get('x-databricks-org-id')).toBe(config.workspace_id);

    const refused = await fetch(`${h.workspace.url}/api/2.2/jobs/list`, { headers: { Authorization: 'Bearer dapi-unknown' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' });
  });
});
