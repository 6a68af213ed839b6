import type {
  ListRunsResponse,
  Run,
  RunNowRequest,
  RunNowResponse,
  RunOutput,
  RunState,
  RunTask,
} from '../../core/workspace-api.js';
import { caller, invalidParameter, jsonBody, notFound, requireInteger } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredRun } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { findJob } from './jobs.js';

/** How long a run waits before it runs, and runs before it ends: long enough for a poller to see each state. */
export const PENDING_MS = 1000;
export const RUNNING_MS = 2000;

const VERSIONS = ['2.1', '2.2'];

/** Job runs. A run's state is a function of the clock: PENDING → RUNNING → TERMINATED (SUCCESS), or CANCELED. */
export const runsApi: ApiModule = (router, context) => {
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
      const run = describeRun(context, stored);
      const finished = run.state.life_cycle_state === 'TERMINATED';
      return { metadata: run, ...(finished ? { logs: `dataops local: run ${runId} of job ${run.job_id} finished\n`, notebook_output: {} } : {}) };
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
      const stored = findRun(context, jsonBody<{ run_id?: number }>(request).run_id);
      if (describeRun(context, stored).state.life_cycle_state !== 'TERMINATED') stored.canceled_time = context.now();
      return {};
    });

    router.on('POST', `${base}/runs/cancel-all`, (request) => {
      caller(request);
      const jobId = jsonBody<{ job_id?: number }>(request).job_id;
      for (const stored of Object.values(context.store.state.runs)) {
        if ((jobId === undefined || stored.job_id === jobId) && describeRun(context, stored).state.life_cycle_state !== 'TERMINATED') {
          stored.canceled_time = context.now();
        }
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

/** The run as the API reports it at this moment. */
function describeRun(context: LocalContext, stored: StoredRun): Run {
  const now = context.now();
  const { state, end } = stateAt(stored, now);
  const ended = end !== undefined;
  const runningSince = stored.start_time + PENDING_MS;
  const tasks: RunTask[] = stored.task_keys.map((taskKey, index) => ({
    run_id: stored.task_run_ids[index] ?? 0,
    task_key: taskKey,
    state,
    status: { state: state.life_cycle_state },
    start_time: stored.start_time,
    end_time: end ?? 0,
  }));
  const parameters = stored.request.job_parameters ?? {};
  return {
    job_id: stored.job_id,
    run_id: stored.run_id,
    number_in_job: stored.number_in_job,
    run_name: stored.run_name,
    creator_user_name: stored.creator_user_name,
    run_page_url: `${context.baseUrl()}/?o=${context.store.state.workspace_id}#job/${stored.job_id}/run/${stored.run_id}`,
    run_type: 'JOB_RUN',
    trigger: 'ONE_TIME',
    state,
    status: { state: state.life_cycle_state },
    tasks,
    ...(Object.keys(parameters).length > 0 ? { job_parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })) } : {}),
    start_time: stored.start_time,
    end_time: end ?? 0,
    setup_duration: ended ? Math.min(PENDING_MS, end - stored.start_time) : 0,
    execution_duration: ended ? Math.max(0, end - runningSince) : 0,
    cleanup_duration: 0,
  };
}

function stateAt(stored: StoredRun, now: number): { state: RunState; end?: number } {
  const finishes = stored.start_time + PENDING_MS + RUNNING_MS;
  if (stored.canceled_time !== undefined && stored.canceled_time < finishes) {
    return {
      state: { life_cycle_state: 'TERMINATED', result_state: 'CANCELED', state_message: 'Run cancelled.', user_cancelled_or_timedout: true },
      end: stored.canceled_time,
    };
  }
  if (now < stored.start_time + PENDING_MS) {
    return { state: { life_cycle_state: 'PENDING', state_message: 'Waiting for cluster', user_cancelled_or_timedout: false } };
  }
  if (now < finishes) {
    return { state: { life_cycle_state: 'RUNNING', state_message: 'In run', user_cancelled_or_timedout: false } };
  }
  return {
    state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS', state_message: '', user_cancelled_or_timedout: false },
    end: finishes,
  };
}
