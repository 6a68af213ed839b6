/**
 * An AI/BI dashboard's pages as HTML: each widget's query runs on the dashboard's warehouse
 * (Databricks SQL, through the local warehouse), counters and tables are rendered on the
 * server, line and bar charts are drawn in the browser by uPlot from the same values, which
 * also stand in a table for readers without JavaScript.
 */
import type { Dashboard } from '../../core/workspace-api.js';
import type { InternalExecute } from '../api/statements.js';
import type { SqlResult } from '../sql/engine.js';
import type { WorkspaceState } from '../state.js';
import { html, jsonScript, type Html } from './html.js';
import { page, table } from './layout.js';

interface Field {
  name: string;
  expression: string;
}

interface Widget {
  name?: string;
  queries?: Array<{ query?: { datasetName?: string; fields?: Field[]; disaggregated?: boolean } }>;
  spec?: {
    widgetType?: string;
    encodings?: Record<string, { fieldName?: string; displayName?: string } | Array<{ fieldName?: string; displayName?: string }> | undefined> & {
      columns?: Array<{ fieldName?: string; displayName?: string; title?: string }>;
    };
    frame?: { title?: string; showTitle?: boolean };
  };
  multilineTextboxSpec?: { lines?: string[] };
}

interface Layout {
  widget?: Widget;
  position?: { x?: number; y?: number; width?: number; height?: number };
}

interface Serialized {
  datasets?: Array<{ name: string; displayName?: string; queryLines?: string[]; query?: string }>;
  pages?: Array<{ name: string; displayName?: string; layout?: Layout[]; pageType?: string }>;
}

const AGGREGATE = /^\s*(SUM|COUNT|AVG|MIN|MAX|MEDIAN|COUNT_IF|ANY_VALUE|APPROX_COUNT_DISTINCT|PERCENTILE|STDDEV|VARIANCE|MEASURE)\s*\(/i;

export async function dashboardPage(ws: WorkspaceState, dashboard: Dashboard, published: boolean, execute: InternalExecute): Promise<string> {
  const serialized = parse(dashboard.serialized_dashboard);
  const warehouseId = published ? (ws.published_dashboards[dashboard.dashboard_id]?.warehouse_id ?? dashboard.warehouse_id) : dashboard.warehouse_id;
  const current = dashboard.dataset_catalog || dashboard.dataset_schema ? { catalog: dashboard.dataset_catalog ?? 'main', schema: dashboard.dataset_schema ?? 'default' } : undefined;
  const datasets = new Map((serialized.datasets ?? []).map((d) => [d.name, d.queryLines ? d.queryLines.join('') : (d.query ?? '')]));
  let chartIndex = 0;
  const pages: Html[] = [];
  for (const dashboardPage of (serialized.pages ?? []).filter((p) => p.pageType !== 'PAGE_TYPE_GLOBAL_FILTERS')) {
    const layout = [...(dashboardPage.layout ?? [])].sort((a, b) => (a.position?.y ?? 0) - (b.position?.y ?? 0) || (a.position?.x ?? 0) - (b.position?.x ?? 0));
    const widgets: Html[] = [];
    for (const item of layout) {
      const widget = item.widget ?? {};
      const span = Math.min(6, Math.max(1, item.position?.width ?? 6));
      const content = await renderWidget(widget, datasets, warehouseId, current, execute, () => `chart-${chartIndex++}`);
      widgets.push(html`<section class="widget" style="grid-column: span ${span}" aria-label="${widget.spec?.frame?.title ?? widget.name ?? 'widget'}">${content}</section>`);
    }
    pages.push(html`<h2>${dashboardPage.displayName ?? dashboardPage.name}</h2><div class="grid">${widgets}</div>`);
  }
  const content = html`
<h1>${dashboard.display_name}</h1>
<p class="muted">${published ? 'Published' : 'Draft'} dashboard ${dashboard.dashboard_id} · warehouse ${warehouseId ? html`<a href="/sql/warehouses/${warehouseId}">${ws.warehouses[warehouseId]?.warehouse.name ?? warehouseId}</a>` : 'none'}${current ? ` · datasets in ${current.catalog}.${current.schema}` : ''} · ${published ? html`<a href="/dashboardsv3/${dashboard.dashboard_id}">see the draft</a>` : html`<a href="/dashboardsv3/${dashboard.dashboard_id}/published">see the published version</a>`}</p>
${pages.length > 0 ? pages : html`<p>This dashboard has no pages.</p>`}
`;
  return page(dashboard.display_name, content, {
    head: html`<link rel="stylesheet" href="/assets/uplot.css">`,
    scripts: chartIndex > 0 ? html`<script src="/assets/uplot.js"></script><script src="/assets/dashboard-charts.js"></script>` : html``,
  });
}

async function renderWidget(
  widget: Widget,
  datasets: Map<string, string>,
  warehouseId: string | undefined,
  current: { catalog: string; schema: string } | undefined,
  execute: InternalExecute,
  nextChartId: () => string,
): Promise<Html> {
  if (widget.multilineTextboxSpec) return html`<p>${(widget.multilineTextboxSpec.lines ?? []).join('')}</p>`;
  const spec = widget.spec ?? {};
  const type = spec.widgetType ?? 'unknown';
  const title = spec.frame?.showTitle === false ? undefined : spec.frame?.title;
  const heading = title ? html`<h3>${title}</h3>` : '';
  const query = widget.queries?.[0]?.query;
  const dataset = query?.datasetName ? datasets.get(query.datasetName) : undefined;
  if (!query || dataset === undefined) return html`${heading}<p class="muted">${type} widget without a dataset query</p>`;
  if (!warehouseId) return html`${heading}<p class="state FAILED">The dashboard has no warehouse to run its queries.</p>`;
  let result: SqlResult;
  try {
    result = await execute(warehouseId, widgetSql(dataset, query.fields ?? [], query.disaggregated === true), [], `dashboard widget ${widget.name ?? ''}`.trim(), current);
  } catch (error) {
    return html`${heading}<p class="state FAILED">The query failed: ${error instanceof Error ? error.message : String(error)}</p>`;
  }
  const column = (field: string | undefined): Array<string | null> => {
    const index = result.columns.findIndex((c) => c.name === field);
    return index < 0 ? [] : result.rows.map((row) => row[index] ?? null);
  };
  const encodings = spec.encodings ?? {};
  const single = (key: string): { fieldName?: string; displayName?: string } | undefined => {
    const value = encodings[key];
    return Array.isArray(value) ? value[0] : value;
  };
  if (type === 'counter') {
    const value = single('value');
    return html`${heading}<p class="counter" data-field="${value?.fieldName ?? ''}">${column(value?.fieldName)[0] ?? '—'}</p>${value?.displayName && !title ? html`<p class="muted">${value.displayName}</p>` : ''}`;
  }
  if (type === 'line' || type === 'bar' || type === 'area') {
    const x = single('x');
    const ys = Array.isArray(encodings.y) ? encodings.y : [single('y')].filter((y) => y !== undefined);
    const id = nextChartId();
    const chart = {
      type: type === 'bar' ? 'bar' : 'line',
      x: column(x?.fieldName),
      xLabel: x?.displayName ?? x?.fieldName ?? '',
      series: ys.map((y) => ({ label: y.displayName ?? y.fieldName ?? '', field: y.fieldName ?? '', values: column(y.fieldName).map((v) => (v === null ? null : Number(v))) })),
    };
    return html`${heading}<figure data-chart="${id}" aria-label="${title ?? type} chart"><div class="chart"></div>${jsonScript(id, chart)}
<details><summary>Data (${chart.x.length} rows)</summary>${table([chart.xLabel, ...chart.series.map((s) => s.label)], chart.x.map((value, row) => html`<tr><td>${value}</td>${chart.series.map((s) => html`<td class="num">${s.values[row]}</td>`)}</tr>`), 'No rows.')}</details></figure>`;
  }
  if (type === 'table') {
    const columns = encodings.columns?.map((c) => ({ field: c.fieldName ?? '', label: c.displayName ?? c.title ?? c.fieldName ?? '' })) ?? result.columns.map((c) => ({ field: c.name, label: c.name }));
    const values = columns.map((c) => column(c.field));
    return html`${heading}${table(columns.map((c) => c.label), result.rows.slice(0, 200).map((_, row) => html`<tr>${values.map((v) => html`<td>${v[row]}</td>`)}</tr>`), 'No rows.')}`;
  }
  return html`${heading}<p class="muted">${type} widgets are not drawn by dataops local; their query returned ${result.rows.length} rows.</p>`;
}

/** A widget's fields over its dataset, grouped by the fields that are not aggregates (as the widget's query does). */
export function widgetSql(dataset: string, fields: Field[], disaggregated: boolean): string {
  if (fields.length === 0) return dataset;
  const select = fields.map((f) => `${f.expression} AS \`${f.name.replace(/`/g, '``')}\``).join(', ');
  const keys = fields.filter((f) => !AGGREGATE.test(f.expression)).map((f) => f.expression);
  const grouped = !disaggregated && keys.length < fields.length && keys.length > 0;
  return `SELECT ${select} FROM (${dataset.trim().replace(/;\s*$/, '')}) AS dataset${grouped ? ` GROUP BY ${keys.join(', ')}` : ''}${grouped ? ` ORDER BY ${keys.join(', ')}` : ''}`;
}

function parse(text: string | undefined): Serialized {
  try {
    return JSON.parse(text ?? '{}') as Serialized;
  } catch {
    return {};
  }
}
