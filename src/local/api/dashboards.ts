import { randomBytes } from 'node:crypto';
import type { Dashboard, DashboardInput, ListDashboardsResponse, PublishedDashboard, PublishRequest } from '../../core/workspace-api.js';
import { ApiError, caller, jsonBody, notFound, requireString, type ApiRequest } from '../http.js';
import { paginate } from '../paging.js';
import type { ApiModule, LocalContext } from './context.js';
import { isoTime } from './context.js';
import type { PermissionsBook } from './permissions.js';
import { canonical, type WorkspaceTree } from './workspace.js';

/** AI/BI (Lakeview) dashboards: drafts in the workspace tree, trash, and a published revision. */
export const dashboardsApi = (tree: WorkspaceTree, permissions: PermissionsBook): ApiModule => (router, context) => {
  const base = '/api/2.0/lakeview/dashboards';
  const dashboards = (): Record<string, Dashboard> => context.store.state.dashboards;

  router.on('POST', base, (request): Dashboard => {
    const who = caller(request);
    const input = jsonBody<DashboardInput>(request);
    const displayName = requireString(input.display_name, 'display_name');
    const parent = canonical(input.parent_path ?? `/Users/${who.userName}`);
    const id = randomBytes(16).toString('hex');
    const now = isoTime(context.now());
    const dashboard: Dashboard = {
      dashboard_id: id,
      display_name: displayName,
      parent_path: parent,
      path: `${parent}/${displayName}.lvdash.json`,
      serialized_dashboard: normalise(input.serialized_dashboard, request),
      ...(input.warehouse_id ? { warehouse_id: input.warehouse_id } : {}),
      ...datasetDefaults(input, request),
      etag: '1',
      lifecycle_state: 'ACTIVE',
      create_time: now,
      update_time: now,
    };
    if (!tree.get(parent)) throw notFound(`Path (${parent}) doesn't exist.`);
    if (tree.get(dashboard.path)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Node named '${displayName}.lvdash.json' already exists`);
    writeDraft(tree, dashboard);
    dashboards()[id] = dashboard;
    permissions.initialise('dashboards', id, who, []);
    return dashboard;
  });

  router.on('GET', `${base}/{id}`, (request) => {
    caller(request);
    return find(context, request.params.id);
  });

  router.on('PATCH', `${base}/{id}`, (request): Dashboard => {
    caller(request);
    const dashboard = find(context, request.params.id);
    const input = jsonBody<DashboardInput>(request);
    if (input.etag && input.etag !== dashboard.etag) {
      throw new ApiError(409, 'ABORTED', `The dashboard has been modified since etag ${input.etag}; current etag is ${dashboard.etag}.`);
    }
    if (dashboard.lifecycle_state === 'TRASHED') throw notFound(`Dashboard ${dashboard.dashboard_id} is in the trash.`);
    tree.remove(dashboard.path, false);
    if (input.display_name) {
      dashboard.display_name = input.display_name;
      dashboard.path = `${dashboard.parent_path}/${input.display_name}.lvdash.json`;
    }
    if (input.serialized_dashboard !== undefined) dashboard.serialized_dashboard = normalise(input.serialized_dashboard, request);
    Object.assign(dashboard, datasetDefaults(input, request));
    if (input.warehouse_id !== undefined) dashboard.warehouse_id = input.warehouse_id;
    dashboard.etag = String(Number(dashboard.etag) + 1);
    dashboard.update_time = isoTime(context.now());
    writeDraft(tree, dashboard);
    return dashboard;
  });

  router.on('DELETE', `${base}/{id}`, (request) => {
    caller(request);
    const dashboard = find(context, request.params.id);
    if (dashboard.lifecycle_state === 'TRASHED') throw notFound(`Dashboard ${dashboard.dashboard_id} is already in the trash.`);
    if (tree.get(dashboard.path)) tree.remove(dashboard.path, false);
    dashboard.lifecycle_state = 'TRASHED';
    dashboard.update_time = isoTime(context.now());
    delete context.store.state.published_dashboards[dashboard.dashboard_id];
    return {};
  });

  router.on('GET', base, (request): ListDashboardsResponse => {
    caller(request);
    const showTrashed = request.query.get('show_trashed') === 'true';
    const basic = request.query.get('view') === 'DASHBOARD_VIEW_BASIC';
    const all = Object.values(dashboards())
      .filter((d) => showTrashed || d.lifecycle_state === 'ACTIVE')
      .sort((a, b) => a.create_time.localeCompare(b.create_time) || a.dashboard_id.localeCompare(b.dashboard_id))
      .map((d) => (basic ? withoutContent(d) : d));
    const page = paginate(all, { limit: request.query.get('page_size'), pageToken: request.query.get('page_token'), defaultLimit: 100, maxLimit: 1000 });
    return { ...(page.items.length > 0 ? { dashboards: page.items } : {}), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  router.on('POST', `${base}/{id}/published`, (request): PublishedDashboard => {
    caller(request);
    const dashboard = find(context, request.params.id);
    const input = jsonBody<PublishRequest>(request);
    const warehouse = input.warehouse_id ?? dashboard.warehouse_id;
    const published: PublishedDashboard = {
      display_name: dashboard.display_name,
      ...(warehouse ? { warehouse_id: warehouse } : {}),
      embed_credentials: input.embed_credentials === true,
      revision_create_time: isoTime(context.now()),
    };
    context.store.state.published_dashboards[dashboard.dashboard_id] = published;
    return published;
  });

  router.on('GET', `${base}/{id}/published`, (request) => {
    caller(request);
    const dashboard = find(context, request.params.id);
    const published = context.store.state.published_dashboards[dashboard.dashboard_id];
    if (!published) throw notFound(`Unable to find published dashboard [${dashboard.dashboard_id}]`);
    return published;
  });

  router.on('DELETE', `${base}/{id}/published`, (request) => {
    caller(request);
    const dashboard = find(context, request.params.id);
    if (!context.store.state.published_dashboards[dashboard.dashboard_id]) {
      throw notFound(`Unable to find published dashboard [${dashboard.dashboard_id}]`);
    }
    delete context.store.state.published_dashboards[dashboard.dashboard_id];
    return {};
  });
};

function find(context: LocalContext, id: string | undefined): Dashboard {
  const dashboard = context.store.state.dashboards[id ?? ''];
  if (!dashboard) throw notFound(`Unable to find dashboard [${id}]`);
  return dashboard;
}

function writeDraft(tree: WorkspaceTree, dashboard: Dashboard): void {
  tree.write(dashboard.path, Buffer.from(dashboard.serialized_dashboard ?? ''), true, {
    object_type: 'DASHBOARD',
    resource_id: dashboard.dashboard_id,
  });
}

function withoutContent(dashboard: Dashboard): Dashboard {
  const { serialized_dashboard: _content, ...rest } = dashboard;
  return rest;
}

/**
 * The service re-serialises what it stores: dataset catalog and schema overrides from the
 * query are applied, and the text ends with one newline.
 */
function normalise(serialized: string | undefined, request: ApiRequest): string {
  const text = serialized ?? '{}';
  const catalog = request.query.get('dataset_catalog');
  const schema = request.query.get('dataset_schema');
  let result = text;
  if (catalog || schema) {
    try {
      const parsed = JSON.parse(text) as { datasets?: Array<Record<string, unknown>> };
      for (const dataset of parsed.datasets ?? []) {
        if (catalog) dataset.catalog = catalog;
        if (schema) dataset.schema = schema;
      }
      result = JSON.stringify(parsed);
    } catch {
      throw new ApiError(400, 'INVALID_PARAMETER_VALUE', 'serialized_dashboard is not valid JSON');
    }
  }
  return result.endsWith('\n') ? result : `${result}\n`;
}

/** dataset_catalog and dataset_schema, sent in the body or as query parameters. */
function datasetDefaults(input: DashboardInput, request: ApiRequest): Pick<Dashboard, 'dataset_catalog' | 'dataset_schema'> {
  const catalog = input.dataset_catalog ?? request.query.get('dataset_catalog') ?? undefined;
  const schema = input.dataset_schema ?? request.query.get('dataset_schema') ?? undefined;
  return { ...(catalog ? { dataset_catalog: catalog } : {}), ...(schema ? { dataset_schema: schema } : {}) };
}
