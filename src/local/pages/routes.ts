/**
 * The pages' routes, at the paths of a real workspace's UI, answered without a token: the
 * server listens on 127.0.0.1 only and the pages show no secret. Scripts and styles are
 * served from the binary itself, never from a CDN.
 */
import uplotCss from 'uplot/dist/uPlot.min.css?raw';
import uplotJs from 'uplot/dist/uPlot.iife.min.js?raw';
import type { Dashboard } from '../../core/workspace-api.js';
import type { ApiModule } from '../api/context.js';
import type { InternalExecute } from '../api/statements.js';
import { canonical } from '../api/workspace.js';
import { Reply, type Router } from '../http.js';
import chartsJs from './assets/dashboard-charts.js?raw';
import { dashboardPage } from './dashboard.js';
import { dashboardDeployment } from './deployments.js';
import { html } from './html.js';
import { page } from './layout.js';
import { guardPage, homePage, jobPage, pipelinePage, runPage, warehousePage, type PageContext } from './views.js';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

const htmlReply = (body: string, status = 200): Reply => new Reply(status, Buffer.from(body), HTML);
const notFoundPage = (what: string): Reply => htmlReply(page('Not found', html`<h1>Not found</h1><p>${what} does not exist in this workspace. <a href="/">Back to the home page</a>.</p>`), 404);
const asset = (text: string, type: string) => (): Reply => new Reply(200, Buffer.from(text), { 'content-type': type, 'cache-control': 'max-age=3600' });

export const pagesModule = (pages: Omit<PageContext, 'context'>, execute: InternalExecute): ApiModule => (router: Router, context) => {
  const ctx: PageContext = { ...pages, context };
  const open = { open: true };
  const ws = () => context.store.state;
  router.on('GET', '/', () => htmlReply(homePage(ctx)), open);
  router.on('GET', '/guard', () => htmlReply(guardPage(ctx)), open);
  router.on('GET', '/jobs/{id}', (request) => {
    const job = ws().jobs[request.params.id ?? ''];
    return job ? htmlReply(jobPage(ctx, job)) : notFoundPage(`Job ${request.params.id}`);
  }, open);
  router.on('GET', '/jobs/{id}/runs/{run}', (request) => {
    const job = ws().jobs[request.params.id ?? ''];
    const run = ws().runs[request.params.run ?? ''];
    return job && run && run.job_id === job.job_id ? htmlReply(runPage(ctx, job, run)) : notFoundPage(`Run ${request.params.run} of job ${request.params.id}`);
  }, open);
  router.on('GET', '/pipelines/{id}', (request) => {
    const body = pipelinePage(ctx, request.params.id ?? '');
    return body ? htmlReply(body) : notFoundPage(`Pipeline ${request.params.id}`);
  }, open);
  router.on('GET', '/sql/warehouses/{id}', (request) => {
    const body = warehousePage(ctx, request.params.id ?? '');
    return body ? htmlReply(body) : notFoundPage(`Warehouse ${request.params.id}`);
  }, open);
  const dashboard = (published: boolean) => async (request: { params: Record<string, string> }) => {
    const found = ws().dashboards[request.params.id ?? ''];
    if (!found || found.lifecycle_state !== 'ACTIVE') return notFoundPage(`Dashboard ${request.params.id}`);
    if (published && !ws().published_dashboards[found.dashboard_id]) return notFoundPage(`A published version of dashboard ${found.display_name}`);
    return htmlReply(await dashboardPage(ws(), withDatasetDefaults(ctx, found), published, execute));
  };
  router.on('GET', '/dashboardsv3/{id}/published', dashboard(true), open);
  router.on('GET', '/dashboardsv3/{id}', dashboard(false), open);
  router.on('GET', '/assets/uplot.js', asset(uplotJs, 'text/javascript; charset=utf-8'), open);
  router.on('GET', '/assets/uplot.css', asset(uplotCss, 'text/css; charset=utf-8'), open);
  router.on('GET', '/assets/dashboard-charts.js', asset(chartsJs, 'text/javascript; charset=utf-8'), open);
};

/**
 * A dashboard deployed without dataset_catalog/dataset_schema reaches its one-part table
 * names through the catalog and schema of the pipeline deployed beside it (the blueprint's
 * pipeline writes the tables its dashboard reads).
 */
function withDatasetDefaults(ctx: PageContext, dashboard: Dashboard): Dashboard {
  if (dashboard.dataset_catalog || dashboard.dataset_schema) return dashboard;
  const root = dashboardDeployment(ctx.tree, ctx.context.store.state, dashboard.parent_path)?.root;
  const pipeline = root
    ? Object.values(ctx.context.store.state.pipelines).find((p) => p.spec.deployment?.metadata_file_path && canonical(p.spec.deployment.metadata_file_path).startsWith(`${root}/`))
    : undefined;
  const schema = pipeline?.spec.schema ?? pipeline?.spec.target;
  return pipeline && typeof schema === 'string' ? { ...dashboard, dataset_catalog: pipeline.spec.catalog ?? 'main', dataset_schema: schema } : dashboard;
}
