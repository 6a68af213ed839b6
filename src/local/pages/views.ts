/**
 * The pages of the local workspace, at the paths a real workspace uses for them, rendered
 * from its state: plain HTML, readable without JavaScript.
 */
import type { Job } from '../../core/workspace-api.js';
import type { LocalContext } from '../api/context.js';
import { describeRun } from '../api/runs.js';
import type { WorkspaceTree } from '../api/workspace.js';
import type { StatementHistory } from '../sql/history.js';
import type { StoredRun } from '../state.js';
import { dashboardDeployment, deploymentAt, type Deployment } from './deployments.js';
import { html, type Html } from './html.js';
import { duration, page, state, table, when } from './layout.js';

export interface PageContext {
  context: LocalContext;
  tree: WorkspaceTree;
  history: StatementHistory;
}

const jobLink = (job: Job): Html => html`<a href="/jobs/${job.job_id}">${job.settings.name ?? `Job ${job.job_id}`}</a>`;

function deployedFrom(deployment: Deployment | undefined): Html {
  if (!deployment) return html`<span class="muted">not deployed by a bundle</span>`;
  return html`${deployment.bundle ?? '?'} · target ${deployment.target ?? '?'}${deployment.branch ? html` · branch ${deployment.branch}` : ''}`;
}

function runsOf(pages: PageContext, jobId: number): StoredRun[] {
  return Object.values(pages.context.store.state.runs)
    .filter((run) => run.job_id === jobId)
    .sort((a, b) => b.start_time - a.start_time);
}

export function homePage(pages: PageContext): string {
  const { state: ws } = pages.context.store;
  const jobs = Object.values(ws.jobs).sort((a, b) => (a.settings.name ?? '').localeCompare(b.settings.name ?? ''));
  const pipelines = Object.values(ws.pipelines).sort((a, b) => a.name.localeCompare(b.name));
  const dashboards = Object.values(ws.dashboards).filter((d) => d.lifecycle_state === 'ACTIVE');
  const sandboxes = new Map<string, { deployment: Deployment; objects: Html[] }>();
  const addTo = (deployment: Deployment | undefined, link: Html): void => {
    if (!deployment) return;
    const entry = sandboxes.get(deployment.root) ?? { deployment, objects: [] };
    entry.objects.push(link);
    sandboxes.set(deployment.root, entry);
  };
  for (const job of jobs) addTo(deploymentAt(pages.tree, job.settings.deployment?.metadata_file_path), jobLink(job));
  for (const p of pipelines) addTo(deploymentAt(pages.tree, p.spec.deployment?.metadata_file_path), html`<a href="/pipelines/${p.pipeline_id}">${p.name}</a>`);
  for (const d of dashboards) addTo(dashboardDeployment(pages.tree, ws, d.parent_path), html`<a href="/dashboardsv3/${d.dashboard_id}/published">${d.display_name}</a>`);

  const content = html`
<h1>Workspace ${ws.workspace_id}</h1>
<p class="muted">A Databricks workspace on this machine. The Databricks CLI and SDKs talk to it at this address; these pages show what they deployed and ran.</p>
<h2 id="jobs">Jobs</h2>
${table(
  ['Name', 'Job ID', 'Deployed from', 'Created by', 'Last run'],
  jobs.map((job) => {
    const last = runsOf(pages, job.job_id)[0];
    const lastState = last ? describeRun(pages.context, last).state : undefined;
    return html`<tr><td>${jobLink(job)}</td><td>${job.job_id}</td><td>${deployedFrom(deploymentAt(pages.tree, job.settings.deployment?.metadata_file_path))}</td><td>${job.creator_user_name ?? '—'}</td><td>${last ? html`<a href="/jobs/${job.job_id}/runs/${last.run_id}">${state(lastState?.result_state ?? lastState?.life_cycle_state)}</a>` : html`<span class="muted">never run</span>`}</td></tr>`;
  }),
  'No jobs yet: databricks bundle deploy creates them.',
)}
<h2 id="pipelines">Pipelines</h2>
${table(
  ['Name', 'Pipeline ID', 'Deployed from', 'Target schema', 'Last update'],
  pipelines.map((p) => {
    const last = Object.values(ws.pipeline_updates).filter((u) => u.pipeline_id === p.pipeline_id).sort((a, b) => b.creation_time - a.creation_time)[0];
    return html`<tr><td><a href="/pipelines/${p.pipeline_id}">${p.name}</a></td><td>${p.pipeline_id}</td><td>${deployedFrom(deploymentAt(pages.tree, p.spec.deployment?.metadata_file_path))}</td><td>${[p.spec.catalog, p.spec.schema ?? p.spec.target].filter(Boolean).join('.') || '—'}</td><td>${last ? state(last.state) : html`<span class="muted">never updated</span>`}</td></tr>`;
  }),
  'No pipelines yet.',
)}
<h2 id="dashboards">Dashboards</h2>
${table(
  ['Name', 'Dashboard ID', 'Published', 'Warehouse'],
  dashboards.map((d) => {
    const published = ws.published_dashboards[d.dashboard_id];
    return html`<tr><td><a href="/dashboardsv3/${d.dashboard_id}/published">${d.display_name}</a></td><td>${d.dashboard_id}</td><td>${published ? when(Date.parse(published.revision_create_time)) : html`<span class="muted">draft only</span>`}</td><td>${d.warehouse_id ? html`<a href="/sql/warehouses/${d.warehouse_id}">${ws.warehouses[d.warehouse_id]?.warehouse.name ?? d.warehouse_id}</a>` : '—'}</td></tr>`;
  }),
  'No dashboards yet.',
)}
<h2 id="warehouses">SQL warehouses</h2>
${table(
  ['Name', 'ID', 'State', 'Size', 'Statements run'],
  Object.values(ws.warehouses).map(({ warehouse }) => html`<tr><td><a href="/sql/warehouses/${warehouse.id}">${warehouse.name}</a></td><td>${warehouse.id}</td><td>${state(warehouse.state)}</td><td>${warehouse.cluster_size}</td><td class="num">${pages.history.of(warehouse.id).length}</td></tr>`),
  'No warehouses.',
)}
<h2 id="sandboxes">Deployments (sandboxes per user and branch)</h2>
${table(
  ['Root path', 'User', 'Bundle', 'Target', 'Branch', 'Objects'],
  [...sandboxes.values()].map(({ deployment, objects }) => html`<tr><td>${deployment.root}</td><td>${deployment.user ?? '—'}</td><td>${deployment.bundle ?? '—'}</td><td>${deployment.target ?? '—'}</td><td>${deployment.branch ?? '—'}</td><td>${objects.map((o, i) => html`${i > 0 ? ', ' : ''}${o}`)}</td></tr>`),
  'No bundle deployments yet.',
)}
`;
  return page('Home', content);
}

export function jobPage(pages: PageContext, job: Job): string {
  const deployment = deploymentAt(pages.tree, job.settings.deployment?.metadata_file_path);
  const runs = runsOf(pages, job.job_id).map((stored) => describeRun(pages.context, stored));
  const tasks = job.settings.tasks ?? [];
  const content = html`
<h1>${job.settings.name ?? `Job ${job.job_id}`}</h1>
<dl class="facts">
<dt>Job ID</dt><dd>${job.job_id}</dd>
<dt>Created by</dt><dd>${job.creator_user_name ?? '—'}</dd>
<dt>Runs as</dt><dd>${job.run_as_user_name ?? job.creator_user_name ?? '—'}</dd>
<dt>Deployed from</dt><dd>${deployedFrom(deployment)}</dd>
${deployment ? html`<dt>Bundle root</dt><dd>${deployment.root}</dd>` : ''}
<dt>Edit mode</dt><dd>${job.settings.edit_mode ?? 'EDITABLE'}</dd>
<dt>Created</dt><dd>${when(job.created_time)}</dd>
</dl>
<h2>Tasks</h2>
${table(
  ['Task', 'Kind', 'Runs', 'Depends on'],
  tasks.map((task) => {
    const kind = Object.keys(task).find((key) => key.endsWith('_task')) ?? '—';
    const body = (task[kind] ?? {}) as Record<string, unknown>;
    const what = String(body.notebook_path ?? body.python_file ?? (body.file as { path?: string } | undefined)?.path ?? body.pipeline_id ?? '');
    const depends = ((task.depends_on as Array<{ task_key: string }> | undefined) ?? []).map((d) => d.task_key).join(', ');
    return html`<tr><td>${task.task_key}</td><td>${kind}</td><td>${what || '—'}</td><td>${depends || '—'}</td></tr>`;
  }),
  'This job has no tasks.',
)}
<h2>Runs</h2>
${table(
  ['Run', 'Started', 'State', 'Result', 'Duration', 'Tasks'],
  runs.map((run) => html`<tr><td><a href="/jobs/${job.job_id}/runs/${run.run_id}">Run ${run.number_in_job} (${run.run_id})</a></td><td>${when(run.start_time)}</td><td>${state(run.state.life_cycle_state)}</td><td>${state(run.state.result_state)}</td><td class="num">${duration(run.end_time ? run.execution_duration : undefined)}</td><td>${run.tasks.map((t, i) => html`${i > 0 ? ', ' : ''}${t.task_key} ${state(t.state.result_state ?? t.state.life_cycle_state)}`)}</td></tr>`),
  'No runs yet: databricks bundle run starts one.',
)}
<h2>Settings as deployed</h2>
<pre>${JSON.stringify(job.settings, null, 2)}</pre>
`;
  return page(job.settings.name ?? `Job ${job.job_id}`, content);
}

export function runPage(pages: PageContext, job: Job, stored: StoredRun): string {
  const run = describeRun(pages.context, stored);
  const content = html`
<p><a href="/jobs/${job.job_id}">← ${job.settings.name ?? `Job ${job.job_id}`}</a></p>
<h1>Run ${run.number_in_job} of ${job.settings.name ?? `job ${job.job_id}`}</h1>
<dl class="facts">
<dt>Run ID</dt><dd>${run.run_id}</dd>
<dt>State</dt><dd>${state(run.state.life_cycle_state)} ${state(run.state.result_state)}</dd>
${run.state.state_message ? html`<dt>Message</dt><dd>${run.state.state_message}</dd>` : ''}
<dt>Started</dt><dd>${when(run.start_time)} by ${run.creator_user_name}</dd>
<dt>Duration</dt><dd>${duration(run.end_time ? run.execution_duration : undefined)}</dd>
${run.job_parameters ? html`<dt>Parameters</dt><dd>${run.job_parameters.map((p) => `${p.name}=${p.value}`).join(', ')}</dd>` : ''}
</dl>
${[...(stored.tasks ?? [])].sort((a, b) => a.start_time - b.start_time).map(
  (task) => html`
<h2 id="task-${task.task_key}">${task.task_key}: ${state(task.state.result_state ?? task.state.life_cycle_state)}</h2>
<dl class="facts"><dt>Task run ID</dt><dd>${task.run_id}</dd><dt>Duration</dt><dd>${duration(task.end_time !== undefined ? task.end_time - task.start_time : undefined)}</dd>
${task.state.state_message ? html`<dt>Message</dt><dd>${task.state.state_message}</dd>` : ''}
${task.notebook_result !== undefined ? html`<dt>Notebook result</dt><dd>${task.notebook_result}</dd>` : ''}</dl>
${task.error_trace ? html`<h3>Traceback</h3><pre>${task.error_trace}</pre>` : ''}
<h3>Output</h3>
${task.logs ? html`<pre>${task.logs}</pre>` : html`<p class="muted">No output.</p>`}`,
)}
`;
  return page(`Run ${run.run_id}`, content);
}

export function pipelinePage(pages: PageContext, pipelineId: string): string | undefined {
  const { state: ws } = pages.context.store;
  const pipeline = ws.pipelines[pipelineId];
  if (!pipeline) return undefined;
  const updates = Object.values(ws.pipeline_updates).filter((u) => u.pipeline_id === pipelineId).sort((a, b) => b.creation_time - a.creation_time);
  const events = updates.flatMap((u) => [...(u.events ?? [])].reverse());
  const latest = updates.find((u) => u.state === 'COMPLETED' || u.state === 'FAILED');
  const expectations = (latest?.events ?? []).flatMap((event) => {
    const quality = (event.details?.flow_progress as { data_quality?: { expectations?: Array<{ name: string; dataset: string; passed_records: number; failed_records: number }> } } | undefined)?.data_quality;
    return quality?.expectations ?? [];
  });
  const deployment = deploymentAt(pages.tree, pipeline.spec.deployment?.metadata_file_path);
  const content = html`
<h1>${pipeline.name}</h1>
<dl class="facts">
<dt>Pipeline ID</dt><dd>${pipeline.pipeline_id}</dd>
<dt>Created by</dt><dd>${pipeline.creator_user_name ?? '—'}</dd>
<dt>Deployed from</dt><dd>${deployedFrom(deployment)}</dd>
<dt>Publishes to</dt><dd>${[pipeline.spec.catalog, pipeline.spec.schema ?? pipeline.spec.target].filter(Boolean).join('.') || '—'}</dd>
</dl>
<h2>Updates</h2>
${table(
  ['Update', 'Started', 'Cause', 'State', 'Duration'],
  updates.map((u) => html`<tr><td>${u.update_id}</td><td>${when(u.creation_time)}</td><td>${u.cause}</td><td>${state(u.state)}</td><td class="num">${duration(u.end_time !== undefined ? u.end_time - u.creation_time : undefined)}</td></tr>`),
  'No updates yet.',
)}
<h2>Expectations (latest finished update)</h2>
${table(
  ['Dataset', 'Expectation', 'Passed records', 'Failed records'],
  expectations.map((e) => html`<tr><td>${e.dataset}</td><td>${e.name}</td><td class="num">${e.passed_records}</td><td class="num">${e.failed_records}</td></tr>`),
  'No expectations were measured.',
)}
<h2>Events</h2>
${table(
  ['Time', 'Level', 'Type', 'Message'],
  events.slice(0, 100).map((e) => html`<tr><td>${e.timestamp}</td><td>${state(e.level)}</td><td>${e.event_type}</td><td>${e.message}${e.error ? html`<pre>${e.error.exceptions.map((x) => `${x.class_name ?? 'Error'}: ${x.message}`).join('\n')}</pre>` : ''}</td></tr>`),
  'No events yet.',
)}
<h2>Specification</h2>
<pre>${JSON.stringify(pipeline.spec, null, 2)}</pre>
`;
  return page(pipeline.name, content);
}

export function warehousePage(pages: PageContext, warehouseId: string): string | undefined {
  const stored = pages.context.store.state.warehouses[warehouseId];
  if (!stored) return undefined;
  const { warehouse } = stored;
  const statements = pages.history.of(warehouseId);
  const content = html`
<h1>${warehouse.name}</h1>
<dl class="facts">
<dt>Warehouse ID</dt><dd>${warehouse.id}</dd>
<dt>State</dt><dd>${state(warehouse.state)}</dd>
<dt>Size</dt><dd>${warehouse.cluster_size}</dd>
<dt>Type</dt><dd>${warehouse.warehouse_type}</dd>
<dt>Engine</dt><dd>DuckDB; statements are translated from Databricks SQL</dd>
</dl>
<h2>Recent statements</h2>
${table(
  ['Started', 'Sent by', 'State', 'Duration', 'Rows', 'Statement'],
  statements.map((s) => html`<tr><td>${when(s.startedAt)}</td><td>${s.source}</td><td>${state(s.state)}</td><td class="num">${duration(s.endedAt !== undefined ? s.endedAt - s.startedAt : undefined)}</td><td class="num">${s.rows ?? '—'}</td><td><pre>${s.statement.length > 600 ? `${s.statement.slice(0, 600)}…` : s.statement}</pre>${s.error ? html`<pre>${s.error}</pre>` : ''}</td></tr>`),
  'No statements since the workspace started (statements are not kept across restarts).',
)}
`;
  return page(warehouse.name, content);
}

export function guardPage(pages: PageContext): string {
  const { state: ws } = pages.context.store;
  const groups: Array<{ type: string; name: string; cards: Html[] }> = [];
  const group = <T>(type: string, items: T[], name: (item: T) => string, card: (item: T) => Html): void => {
    const byName = new Map<string, T[]>();
    for (const item of items) byName.set(name(item), [...(byName.get(name(item)) ?? []), item]);
    for (const [key, same] of byName) if (same.length > 1) groups.push({ type, name: key, cards: same.map(card) });
  };
  group('job', Object.values(ws.jobs), (j) => j.settings.name ?? '', (j) => {
    const deployment = deploymentAt(pages.tree, j.settings.deployment?.metadata_file_path);
    return html`<div class="card"><p>${jobLink(j)} (${j.job_id})</p><dl class="facts"><dt>Owned by a bundle</dt><dd>${deployment ? 'yes' : 'no'}</dd><dt>Deployed from</dt><dd>${deployedFrom(deployment)}</dd><dt>Created by</dt><dd>${j.creator_user_name ?? '—'}</dd><dt>Created</dt><dd>${when(j.created_time)}</dd></dl></div>`;
  });
  group('pipeline', Object.values(ws.pipelines), (p) => p.name, (p) => {
    const deployment = deploymentAt(pages.tree, p.spec.deployment?.metadata_file_path);
    return html`<div class="card"><p><a href="/pipelines/${p.pipeline_id}">${p.name}</a> (${p.pipeline_id})</p><dl class="facts"><dt>Owned by a bundle</dt><dd>${deployment ? 'yes' : 'no'}</dd><dt>Deployed from</dt><dd>${deployedFrom(deployment)}</dd><dt>Created by</dt><dd>${p.creator_user_name ?? '—'}</dd></dl></div>`;
  });
  group('dashboard', Object.values(ws.dashboards).filter((d) => d.lifecycle_state === 'ACTIVE'), (d) => d.display_name, (d) => {
    const deployment = dashboardDeployment(pages.tree, ws, d.parent_path);
    return html`<div class="card"><p><a href="/dashboardsv3/${d.dashboard_id}/published">${d.display_name}</a> (${d.dashboard_id})</p><dl class="facts"><dt>Owned by a bundle</dt><dd>${deployment ? 'yes' : 'no'}</dd><dt>Path</dt><dd>${d.path}</dd></dl></div>`;
  });
  const content = html`
<h1>Same-named objects</h1>
<p class="muted">What dataops guard looks for: jobs, pipelines and dashboards that share a name. One of each name should belong to a deployment; the others are duplicates or hand-made copies.</p>
${groups.length === 0 ? html`<p>No two jobs, pipelines or dashboards share a name.</p>` : groups.map((g) => html`<h2>${g.type}: ${g.name}</h2><div class="side">${g.cards}</div>`)}
`;
  return page('Same-named objects', content);
}
