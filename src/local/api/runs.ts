import type {
  ListRunsResponse,
  Run,
  RunNowRequest,
  RunNowResponse,
  RunOutput,
  RunTask,
} from '../../core/workspace-api.js';
import { caller, invalidParameter, jsonBody, notFound, requireInteger } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredRun } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { findJob } from './jobs.js';
import type { RunExecutor } from '../runs/executor.js';

const VERSIONS = ['2.1', '2.2'];

/** Job runs: run-now starts the job's code (src/local/runs/executor.ts); reads report what it did. */
export const runsApi = (executor: RunExecutor): ApiModule => (router, context) => {
  for (const version of VERSIONS) {
    const base = `/api/${version}/jobs`;
    router.on('POST', `${base}/run-now`, (request): RunNowResponse => {
      const who = caller(request);
      const body = jsonBody<RunNowRequest>(request);
      const job = findJob(context, body.job_id);
      const number = Object.values(context.store.state.runs).filter((run) => run.job_id === job.job_id).length + 1;
      const taskKeys = (job.settings.tasks ?? []).map((task) => task.task_key);
      const stored: StoredRun = {
        run_id: context.store.nextId(),
        job_id: job.job_id,
        number_in_job: number,
        run_name: job.settings.name ?? `Untitled`,
        creator_user_name: who.userName,
        task_keys: taskKeys,
        task_run_ids: taskKeys.map(() => context.store.nextId()),
        request: body,
        start_time: context.now(),
      };
      context.store.state.runs[String(stored.run_id)] = stored;
      executor.start(stored, job);
      return { run_id: stored.run_id, number_in_job: stored.number_in_job };
    });

    router.on('GET', `${base}/runs/get`, (request) => {
      caller(request);
      return describeRun(context, findRun(context, request.query.get('run_id')));
    });

    router.on('GET', `${base}/runs/get-output`, (request): RunOutput => {
      caller(request);
      const runId = requireInteger(request.query.get('run_id'), 'run_id');
      const stored = Object.values(context.store.state.runs).find((run) => run.run_id === runId || run.task_run_ids.includes(runId));
      if (!stored) throw notFound(`Run ${runId} does not exist.`);
      const tasks = stored.tasks ?? [];
      const task = tasks.find((record) => record.run_id === runId) ?? (tasks.length === 1 ? tasks[0] : undefined);
      if (!task) {
        throw invalidParameter('Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.');
      }
      const run = describeRun(context, stored);
      const metadata = { ...run, run_id: task.run_id, task_key: task.task_key, state: task.state, status: { state: task.state.life_cycle_state }, tasks: [] };
      if (task.state.life_cycle_state !== 'TERMINATED') return { metadata };
      return {
        metadata,
        logs: task.logs ?? '',
        ...(task.error ? { error: task.error } : {}),
        ...(task.error_trace ? { error_trace: task.error_trace } : {}),
        ...(task.notebook_result !== undefined ? { notebook_output: { result: task.notebook_result, truncated: false } } : {}),
      };
    });

    router.on('GET', `${base}/runs/list`, (request): ListRunsResponse => {
      caller(request);
      const jobId = request.query.get('job_id');
      const activeOnly = request.query.get('active_only') === 'true';
      const completedOnly = request.query.get('completed_only') === 'true';
      if (activeOnly && completedOnly) throw invalidParameter('active_only and completed_only cannot both be true');
      const runs = Object.values(context.store.state.runs)
        .filter((run) => jobId === null || String(run.job_id) === jobId)
        .map((run) => describeRun(context, run))
        .filter((run) => !activeOnly || run.state.life_cycle_state !== 'TERMINATED')
        .filter((run) => !completedOnly || run.state.life_cycle_state === 'TERMINATED')
        .sort((a, b) => b.start_time - a.start_time || b.run_id - a.run_id);
      const page = paginate(runs, { limit: request.query.get('limit'), pageToken: request.query.get('page_token'), defaultLimit: 20, maxLimit: 25 });
      return {
        ...(page.items.length > 0 ? { runs: page.items } : {}),
        has_more: page.nextPageToken !== undefined,
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    });

    router.on('POST', `${base}/runs/cancel`, (request) => {
      caller(request);
      executor.cancel(findRun(context, jsonBody<{ run_id?: number }>(request).run_id));
      return {};
    });

    router.on('POST', `${base}/runs/cancel-all`, (request) => {
      caller(request);
      const jobId = jsonBody<{ job_id?: number }>(request).job_id;
      for (const stored of Object.values(context.store.state.runs)) {
        if (jobId === undefined || stored.job_id === jobId) executor.cancel(stored);
      }
      return {};
    });
  }
};

function findRun(context: LocalContext, id: unknown): StoredRun {
  const runId = requireInteger(id, 'run_id');
  const run = context.store.state.runs[String(runId)];
  if (!run) throw notFound(`Run ${runId} does not exist.`);
  return run;
}

/** The run as the API reports it: the states its tasks recorded. */
export function describeRun(context: LocalContext, stored: StoredRun): Run {
  const state = stored.state ?? { life_cycle_state: 'PENDING', state_message: 'Waiting', user_cancelled_or_timedout: false };
  const end = stored.end_time;
  const records = stored.tasks ?? [];
  const tasks: RunTask[] = records.map((record) => ({
    run_id: record.run_id,
    task_key: record.task_key,
    state: record.state,
    status: { state: record.state.life_cycle_state },
    start_time: record.start_time,
    end_time: record.end_time ?? 0,
    execution_duration: record.end_time !== undefined ? record.end_time - record.start_time : 0,
  }));
  const started = records.length > 0 ? Math.min(...records.map((record) => record.start_time)) : stored.start_time;
  const parameters = stored.request.job_parameters ?? {};
  return {
    job_id: stored.job_id,
    run_id: stored.run_id,
    number_in_job: stored.number_in_job,
    run_name: stored.run_name,
    creator_user_name: stored.creator_user_name,
    run_page_url: `${context.baseUrl()}/jobs/${stored.job_id}/runs/${stored.run_id}`,
    run_type: 'JOB_RUN',
    trigger: 'ONE_TIME',
    state,
    status: { state: state.life_cycle_state },
    tasks,
    ...(Object.keys(parameters).length > 0 ? { job_parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })) } : {}),
    start_time: stored.start_time,
    end_time: end ?? 0,
    setup_duration: 0,
    execution_duration: end !== undefined ? end - started : 0,
    cleanup_duration: 0,
  };
}
