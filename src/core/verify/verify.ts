/**
 * `dataops verify`: integration checks of a deployed target without Python. Every job,
 * pipeline and dashboard of the bundle summary is looked up by its id and held to the
 * resolved configuration; `--run` jobs are started and followed to their end.
 */
import type { JsonObject, JsonValue } from '../bundle/model.js';
import type { DriftWorkspace } from '../drift/run.js';
import { mapBounded } from '../guard/concurrency.js';
import { isObject, stringAt } from '../bundle/config-values.js';
import { nextDelay, type Clock, type PollPolicy } from '../slo/measure.js';
import type { Dashboard, Job, Pipeline, PublishedDashboard, Run, Warehouse } from '../workspace-api.js';
import {
  dashboardPlaceProblem,
  dashboardWarehouseProblem,
  JOB_FIELDS,
  ownershipProblem,
  permissionDifferences,
  PIPELINE_FIELDS,
  settingsDifferences,
  type VerifyCheck,
} from './checks.js';

/** What verify asks the workspace; lookups answer null when the object does not exist. */
export interface VerifyWorkspace extends DriftWorkspace {
  published(dashboardId: string): Promise<PublishedDashboard | null>;
  warehouse(id: string): Promise<Warehouse | null>;
  runNow(jobId: number): Promise<{ run_id: number }>;
  getRun(runId: number): Promise<Run>;
  cancelRun(runId: number): Promise<void>;
}

export interface RunReport {
  job: string;
  run_id: number | null;
  url: string | null;
  /** The last life cycle state seen, and the result when it ended. */
  state: string;
  result: string | null;
  ok: boolean;
  detail: string;
}

export interface VerifyReport {
  target: string;
  host: string;
  checks: VerifyCheck[];
  runs: RunReport[];
  summary: { passed: number; failed: number; skipped: number };
  ok: boolean;
}

export interface VerifyInput {
  target: string;
  /** `databricks bundle summary -o json` of the target. */
  summary: JsonObject;
  workspace: VerifyWorkspace;
  clock: Clock;
  /** Job keys to run. */
  runs: readonly string[];
  runTimeoutMs: number;
  onRunStarted(job: string, url: string): void;
}

const CHECKED_TYPES = ['jobs', 'pipelines', 'dashboards'];
const RUN_POLL: PollPolicy = { firstMs: 1000, factor: 1.5, maxMs: 10_000 };
const RUN_ENDED = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

export async function verify(input: VerifyInput): Promise<VerifyReport> {
  const resources = isObject(input.summary.resources) ? input.summary.resources : {};
  const statePath = stringAt(input.summary, ['workspace', 'state_path']);
  const items = Object.entries(resources).flatMap(([type, byKey]) => (isObject(byKey) ? Object.entries(byKey).map(([key, config]) => ({ type, key, config })) : []));
  const perResource = await mapBounded(items, 8, async ({ type, key, config }): Promise<VerifyCheck[]> => {
    const resource = `${type}.${key}`;
    if (!isObject(config)) return [];
    if (!CHECKED_TYPES.includes(type)) return [{ resource, check: 'deployed', status: 'skip', detail: `dataops verify does not check ${type} yet` }];
    const id = typeof config.id === 'string' ? config.id : undefined;
    if (!id) return [fail(resource, 'deployed', 'not deployed: the deployment state has no id for it')];
    return checkResource(input.workspace, { type, resource, id, config, statePath });
  });
  const checks = perResource.flat();
  const runs: RunReport[] = [];
  for (const job of input.runs) runs.push(await runJob(input, job, stringAt(resources, ['jobs', job, 'id'])));
  const count = (status: VerifyCheck['status']): number => checks.filter((c) => c.status === status).length;
  const summary = { passed: count('pass'), failed: count('fail'), skipped: count('skip') };
  return { target: input.target, host: input.workspace.host, checks, runs, summary, ok: summary.failed === 0 && runs.every((r) => r.ok) };
}

interface Subject {
  type: string;
  resource: string;
  id: string;
  config: JsonObject;
  statePath: string | undefined;
}

async function checkResource(ws: VerifyWorkspace, subject: Subject): Promise<VerifyCheck[]> {
  const { type, resource, id } = subject;
  const found = type === 'jobs' ? await ws.job(id) : type === 'pipelines' ? await ws.pipeline(id) : await ws.dashboard(id);
  const gone = !found || (type === 'pipelines' && (found as Pipeline).state === 'DELETED') || (type === 'dashboards' && (found as Dashboard).lifecycle_state === 'TRASHED');
  if (gone) return [fail(resource, 'deployed', `${type.slice(0, -1)} ${id} does not exist in the workspace (deleted, or in the trash)`)];
  const checks = [pass(resource, 'deployed', `${type.slice(0, -1)} ${id}`)];
  if (type === 'jobs') checks.push(...jobChecks(subject, found as Job));
  else if (type === 'pipelines') checks.push(...pipelineChecks(subject, found as Pipeline));
  else checks.push(...(await dashboardChecks(ws, subject, found as Dashboard)));
  checks.push(await permissionCheck(ws, subject));
  return checks;
}

function jobChecks(subject: Subject, job: Job): VerifyCheck[] {
  return [
    verdict(subject.resource, 'owned', ownershipProblem(job.settings.deployment, subject.statePath), 'deployed by this bundle and target'),
    differences(subject.resource, 'settings', settingsDifferences(subject.config, job.settings as JsonValue, JOB_FIELDS), 'name, schedule and notifications as resolved'),
  ];
}

function pipelineChecks(subject: Subject, pipeline: Pipeline): VerifyCheck[] {
  return [
    verdict(subject.resource, 'owned', ownershipProblem(pipeline.spec.deployment, subject.statePath), 'deployed by this bundle and target'),
    differences(subject.resource, 'configuration', settingsDifferences(subject.config, pipeline.spec as JsonValue, PIPELINE_FIELDS), 'configuration as resolved'),
  ];
}

async function dashboardChecks(ws: VerifyWorkspace, subject: Subject, dashboard: Dashboard): Promise<VerifyCheck[]> {
  const { resource, config } = subject;
  const checks = [verdict(resource, 'owned', dashboardPlaceProblem(stringAt(config, ['parent_path']), dashboard.parent_path), "in this deployment's folder")];
  const published = await ws.published(subject.id);
  if (!published) return [...checks, fail(resource, 'published', 'the dashboard is not published'), skip(resource, 'warehouse', 'not published')];
  checks.push(pass(resource, 'published', `revision of ${published.revision_create_time}`));
  const warehouse = published.warehouse_id ? await ws.warehouse(published.warehouse_id) : null;
  const problem = dashboardWarehouseProblem(stringAt(config, ['warehouse_id']), published, warehouse);
  checks.push(verdict(resource, 'warehouse', problem, `warehouse ${warehouse?.name ?? ''} (${published.warehouse_id ?? ''}) is ${warehouse?.state ?? ''}`));
  return checks;
}

async function permissionCheck(ws: VerifyWorkspace, subject: Subject): Promise<VerifyCheck> {
  const acl = await ws.permissions(`/${subject.type}/${subject.id}`);
  if (!acl) return fail(subject.resource, 'permissions', 'its permissions cannot be read');
  return differences(subject.resource, 'permissions', permissionDifferences(subject.config.permissions, acl), 'grants as the bundle gives them');
}

/** Starts a job and follows the run to its end, cancelling it at the timeout. */
async function runJob(input: VerifyInput, job: string, id: string | undefined): Promise<RunReport> {
  const failed = (detail: string, run?: Run): RunReport => ({
    job,
    run_id: run?.run_id ?? null,
    url: run?.run_page_url ?? null,
    state: run?.state.life_cycle_state ?? 'NOT_STARTED',
    result: run?.state.result_state ?? null,
    ok: false,
    detail,
  });
  if (!id) return failed('not deployed: the deployment state has no id for it');
  const { clock, workspace } = input;
  const started = clock.now();
  const { run_id: runId } = await workspace.runNow(Number(id));
  let run = await workspace.getRun(runId);
  input.onRunStarted(job, run.run_page_url);
  let delay: number | undefined;
  while (!RUN_ENDED.has(run.state.life_cycle_state)) {
    const left = started + input.runTimeoutMs - clock.now();
    if (left <= 0) {
      await workspace.cancelRun(runId);
      return failed(`still ${run.state.life_cycle_state} after ${Math.round(input.runTimeoutMs / 1000)} s: cancelled`, run);
    }
    delay = nextDelay(delay, RUN_POLL);
    await clock.sleep(Math.min(delay, left));
    run = await workspace.getRun(runId);
  }
  const result = run.state.result_state ?? null;
  if (result !== 'SUCCESS') return failed(`ended ${run.state.life_cycle_state} ${result ?? ''}: ${run.state.state_message}`.trim(), run);
  return { job, run_id: runId, url: run.run_page_url, state: run.state.life_cycle_state, result, ok: true, detail: `succeeded in ${Math.round((clock.now() - started) / 1000)} s` };
}

function verdict(resource: string, check: VerifyCheck['check'], problem: string | null, ok: string): VerifyCheck {
  return problem ? fail(resource, check, problem) : pass(resource, check, ok);
}

function differences(resource: string, check: VerifyCheck['check'], found: string[], ok: string): VerifyCheck {
  return found.length > 0 ? fail(resource, check, found.join('; ')) : pass(resource, check, ok);
}

function pass(resource: string, check: VerifyCheck['check'], detail: string): VerifyCheck {
  return { resource, check, status: 'pass', detail };
}

function fail(resource: string, check: VerifyCheck['check'], detail: string): VerifyCheck {
  return { resource, check, status: 'fail', detail };
}

function skip(resource: string, check: VerifyCheck['check'], detail: string): VerifyCheck {
  return { resource, check, status: 'skip', detail };
}
