import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/binary.js';
import { startWorkspace, verdicts, type Workspace } from './harness.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'all-types-bundle');
const STATE = '/Workspace/Shared/.bundle/all_types/staging/state';

/** The twelve resources of the fixture, one per type. */
const KEYS = [
  'alerts.late',
  'apps.portal',
  'clusters.etl',
  'database_instances.oltp',
  'experiments.tuning',
  'model_serving_endpoints.scorer',
  'quality_monitors.orders',
  'registered_models.churn',
  'schemas.sales',
  'secret_scopes.keys',
  'sql_warehouses.bi',
  'volumes.raw',
];
const every = (verdict: string): Record<string, string> => Object.fromEntries(KEYS.map((key) => [key, verdict]));

/** The objects of the fixture's names, made by hand through the real CLI's `api` command. */
const HAND_MADE: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['/api/2.1/unity-catalog/schemas', { catalog_name: 'main', name: 'Sales' }],
  ['/api/2.1/unity-catalog/volumes', { catalog_name: 'main', schema_name: 'sales', name: 'raw', volume_type: 'MANAGED' }],
  ['/api/2.1/unity-catalog/models', { catalog_name: 'main', schema_name: 'sales', name: 'churn' }],
  ['/api/2.1/unity-catalog/tables/main.sales.orders/monitor', { assets_dir: '/Workspace/Shared/x', output_schema_name: 'main.sales', snapshot: {} }],
  ['/api/2.0/mlflow/experiments/create', { name: '/Workspace/Shared/churn-tuning' }],
  ['/api/2.0/serving-endpoints', { name: 'churn-scorer' }],
  ['/api/2.0/apps', { name: 'sales-portal' }],
  ['/api/2.0/secrets/scopes/create', { scope: 'sales-keys' }],
  ['/api/2.1/clusters/create', { cluster_name: 'sales-etl', spark_version: '15.4.x-scala2.12', num_workers: 1 }],
  ['/api/2.0/sql/warehouses', { name: 'sales-bi' }],
  ['/api/2.0/alerts', { display_name: 'Late orders', query_text: 'SELECT 1' }],
  ['/api/2.0/database/instances', { name: 'sales-oltp', capacity: 'CU_1' }],
];

/** What the workspace holds of the types the fixture deploys. */
function holdings(w: Workspace): unknown {
  const { resources, warehouses, secret_scopes: scopes } = w.stored();
  return { resources, warehouses, scopes };
}

/** How many objects of each collection the workspace holds (trashed alerts and deleted experiments aside). */
function counts(w: Workspace): Record<string, number> {
  const stored = w.stored() as { resources: Record<string, Record<string, { lifecycle_state?: string; lifecycle_stage?: string }>>; warehouses: object; secret_scopes: object };
  const live = Object.fromEntries(
    Object.entries(stored.resources)
      .filter(([name]) => !name.startsWith('bundle_'))
      .map(([name, items]) => [name, Object.values(items).filter((o) => o.lifecycle_state !== 'TRASHED' && o.lifecycle_stage !== 'deleted').length]),
  );
  return { ...live, warehouses: Object.keys(stored.warehouses).length, scopes: Object.keys(stored.secret_scopes).length };
}

/**
 * One bundle with one resource of each type dataops local serves beyond jobs, pipelines and
 * dashboards, deployed by the real Databricks CLI; the scenarios run over it.
 */
describe('dataops guard over every resource type, against dataops local and the real CLI', { timeout: 600_000 }, () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.close());

  it('blocks a deploy onto same-named hand-made objects of every type before anything changed', () => {
    const w = (ws = startWorkspace({ fixture: FIXTURE }));
    const dir = w.bundle('hand-made');
    for (const [api, body] of HAND_MADE) {
      const made = w.databricks(dir, 'api', 'post', api, '--json', JSON.stringify(body));
      expect(made.code, `${api}: ${made.stderr}`).toBe(0);
    }
    // The real services' uniqueness rules: a second schema (whatever its case), app or endpoint is refused.
    const twin = w.databricks(dir, 'api', 'post', '/api/2.1/unity-catalog/schemas', '--json', JSON.stringify({ catalog_name: 'main', name: 'SALES' }));
    expect(twin.stderr).toMatch(/SCHEMA_ALREADY_EXISTS|already exists/);
    expect(w.databricks(dir, 'api', 'post', '/api/2.0/apps', '--json', JSON.stringify({ name: 'sales-portal' })).stderr).toMatch(/An app with the same name already exists/);

    const { code, report } = w.guard(dir, 'staging');
    expect(code).toBe(1);
    expect(verdicts(report)).toEqual(every('conflict'));
    expect(report.resources.map((r) => [r.resource.type, r.matches.map((m) => m.relation)])).toEqual(KEYS.map((k) => [k.split('.')[0], ['unmanaged']]));
    expect(report.resources.find((r) => r.resource.type === 'schemas')?.matches[0]?.id).toBe('main.sales');

    const before = holdings(w);
    const deploy = w.dataopsDeploy(dir, 'staging');
    expect(deploy.code, deploy.stderr).toBe(1);
    expect(deploy.stderr).toMatch(/stopped at preflight step "guard"/);
    expect(deploy.stderr).toMatch(/--adopt schemas\.sales if it is meant to be this one/);
    expect(holdings(w)).toEqual(before);

    // A CLI of 1.23 or newer records its deployments on the server (Beta): the guard reads them
    // where dataops local serves them, the endpoints such a CLI calls.
    const record = (api: string, body: object): void => {
      const posted = w.databricks(dir, 'api', 'post', api, '--json', JSON.stringify(body));
      expect(posted.code, posted.stderr).toBe(0);
    };
    record('/api/2.0/bundle/deployments?deployment_id=abc', {});
    record('/api/2.0/bundle/deployments/abc/versions?version_id=1', {
      cli_version: '1.23.0',
      target_name: 'staging',
      version_type: 'VERSION_TYPE_DEPLOY',
      workspace_info: { root_path: '/Workspace/Shared/.bundle/all_types/staging' },
    });
    record('/api/2.0/bundle/deployments/abc/versions/1/operations?resource_key=schemas.sales', {
      action_type: 'OPERATION_ACTION_TYPE_CREATE',
      resource_id: 'main.sales',
      resource_type: 'DEPLOYMENT_RESOURCE_TYPE_SCHEMA',
    });
    const recorded = w.guard(dir, 'staging');
    expect(recorded.report.resources.find((r) => r.resource.key === 'sales')?.matches.map((m) => m.relation)).toEqual(['untracked']);
    expect(recorded.report.resources.find((r) => r.resource.key === 'portal')?.matches.map((m) => m.relation)).toEqual(['unmanaged']);

    // A hand-made object is adopted only when its resource is named.
    const unnamed = w.guard(dir, 'staging', '--adopt');
    expect(unnamed.stderr).toMatch(/not adopted: apps\.portal: sales-portal was made outside any bundle; adopt it only by naming it: --adopt apps\.portal/);
    expect(verdicts(unnamed.report)).toEqual({ ...every('conflict'), 'schemas.sales': 'owned' });
    const named = w.guard(dir, 'staging', '--adopt', 'apps.portal');
    expect(named.code).toBe(1);
    expect(verdicts(named.report)).toEqual({ ...every('conflict'), 'schemas.sales': 'owned', 'apps.portal': 'owned' });
  });

  it('reports a type the workspace does not serve as unchecked, and fails closed on production', () => {
    const w = (ws = startWorkspace({ fixture: FIXTURE }));
    const withCatalog = (yaml: string): string =>
      yaml
        .replace('resources:\n', 'resources:\n  catalogs:\n    finance:\n      name: finance\n')
        .replace('  other: {}\n', '  other: {}\n  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Shared/.bundle/${bundle.name}/prod\n');
    const dir = w.bundle('catalog', withCatalog);
    const staging = w.guard(dir, 'staging');
    expect(staging.code).toBe(0);
    const catalog = staging.report.resources.find((r) => r.resource.type === 'catalogs');
    expect(catalog?.verdict).toBe('unchecked');
    expect(catalog?.summary).toMatch(/^not checked: the workspace does not serve the API of catalogs \(GET \/api\/2\.1\/unity-catalog\/catalogs\/finance failed: HTTP 404 ENDPOINT_NOT_FOUND/);
    const prod = w.guard(dir, 'prod');
    expect(prod.code).toBe(3);
    expect(prod.report.summary.unchecked).toBe(1);
  });

  it('deploys, redeploys, blocks another bundle, adopts after the state was lost and updates in place, then destroys', () => {
    const w = (ws = startWorkspace({ fixture: FIXTURE }));
    const dir = w.bundle('ours');

    // First deploy: nothing carries the names.
    expect(verdicts(w.guard(dir, 'staging').report)).toEqual(every('new'));
    const first = w.dataopsDeploy(dir, 'staging');
    expect(first.code, first.stderr).toBe(0);
    const deployed = counts(w);
    expect(deployed).toMatchObject({ uc_schemas: 1, uc_volumes: 1, uc_models: 1, uc_monitors: 1, experiments: 1, serving_endpoints: 1, apps: 1, clusters: 1, alerts: 1, database_instances: 1, scopes: 1, warehouses: 2 });

    // Redeploy: every object is this target's own.
    expect(verdicts(w.guard(dir, 'staging').report)).toEqual(every('owned'));
    const again = w.dataopsDeploy(dir, 'staging');
    expect(again.code, again.stderr).toBe(0);
    expect(counts(w)).toEqual(deployed);

    // Another deployment of the bundle (another root path) would take over or fail on every name.
    const other = w.guard(dir, 'other');
    expect(other.code).toBe(1);
    expect(other.report.resources.map((r) => r.matches.map((m) => m.relation))).toEqual(KEYS.map(() => ['other-bundle']));
    expect(other.report.resources[0]?.matches[0]?.why).toBe('recorded by another bundle deployment (/Shared/.bundle/all_types/staging)');
    const before = holdings(w);
    const blocked = w.dataopsDeploy(dir, 'other');
    expect(blocked.code, blocked.stderr).toBe(1);
    expect(holdings(w)).toEqual(before);

    // The state is lost: every object becomes untracked, the deploy stops and says how to adopt.
    expect(w.databricks(dir, 'workspace', 'delete', `${STATE}/resources.json`).code).toBe(0);
    rmSync(path.join(dir, '.databricks'), { recursive: true, force: true });
    const lost = w.guard(dir, 'staging');
    expect(lost.code).toBe(1);
    expect(lost.report.resources.map((r) => r.matches.map((m) => m.relation))).toEqual(KEYS.map(() => ['untracked']));
    const refused = w.dataopsDeploy(dir, 'staging');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/adopt it with: dataops guard -t staging --adopt \(runs databricks bundle deployment bind sales main\.sales -t staging\)/);

    const adopted = w.guard(dir, 'staging', '--adopt');
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(verdicts(adopted.report)).toEqual(every('owned'));
    expect(adopted.stderr).toMatch(/adopted schemas\.sales: main\.sales/);

    // The next deploy updates the adopted objects in place: one of each, the change applied.
    const file = path.join(dir, 'databricks.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('comment: Orders and customers', 'comment: Orders, customers and returns'));
    const update = w.dataopsDeploy(dir, 'staging');
    expect(update.code, update.stderr).toBe(0);
    expect(counts(w)).toEqual(deployed);
    const schemas = (w.stored() as { resources: { uc_schemas: Record<string, { comment: string }> } }).resources.uc_schemas;
    expect(schemas['main.sales']?.comment).toBe('Orders, customers and returns');

    // The CLI destroys every one of them.
    const destroyed = w.dataopsDestroy(dir, 'staging');
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect(counts(w)).toMatchObject({ uc_schemas: 0, uc_volumes: 0, uc_models: 0, uc_monitors: 0, experiments: 0, serving_endpoints: 0, apps: 0, clusters: 0, alerts: 0, database_instances: 0, scopes: 0, warehouses: 1 });
  });
});
