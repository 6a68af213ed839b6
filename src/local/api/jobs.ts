import type { CreateJobResponse, Job, JobSettings, ListJobsResponse, ResetJobRequest } from '../../core/workspace-api.js';
import { caller, jsonBody, notFound, requireInteger, type ApiRequest } from '../http.js';
import type { Identity } from '../identities.js';
import { paginate } from '../paging.js';
import type { ApiModule, LocalContext } from './context.js';
import type { PermissionsBook } from './permissions.js';

const VERSIONS = ['2.1', '2.2'];

/** Jobs 2.2 (and the 2.1 paths older clients call): definitions only; runs live in runs.ts. */
export const jobsApi = (permissions: PermissionsBook): ApiModule => (router, context) => {
  // Every job in id order, made again only after a create or a delete (both below): a listing
  // by name must not cost a pass over a 50,000-job workspace's keys each time (V8 keeps so
  // many sparse numeric keys in a dictionary, and Object.values of it took ≈ 30 ms). Reset and
  // update change a job's settings in place, so the list sees them.
  let byId: Job[] | undefined;
  const inIdOrder = (): Job[] => (byId ??= Object.values(context.store.state.jobs).sort((a, b) => a.job_id - b.job_id));
  for (const version of VERSIONS) {
    const base = `/api/${version}/jobs`;
    router.on('POST', `${base}/create`, (request): CreateJobResponse => {
      const who = caller(request);
      const { access_control_list: acl, ...settings } = jsonBody<JobSettings & { access_control_list?: unknown }>(request);
      const job: Job = {
        job_id: context.store.nextId(),
        creator_user_name: who.userName,
        run_as_user_name: runAsOf(settings, who),
        created_time: context.now(),
        settings: withDefaults(settings),
      };
      context.store.state.jobs[String(job.job_id)] = job;
      byId = undefined;
      permissions.initialise('jobs', String(job.job_id), who, Array.isArray(acl) ? acl : []);
      return { job_id: job.job_id };
    });

    router.on('GET', `${base}/get`, (request) => {
      caller(request);
      return findJob(context, request.query.get('job_id'));
    });

    router.on('GET', `${base}/list`, (request): ListJobsResponse => {
      caller(request);
      return listJobs(inIdOrder(), request);
    });

    router.on('POST', `${base}/reset`, (request) => {
      const who = caller(request);
      const body = jsonBody<ResetJobRequest>(request);
      const job = findJob(context, body.job_id);
      job.settings = withDefaults(body.new_settings ?? {});
      job.run_as_user_name = runAsOf(job.settings, who, job.run_as_user_name);
      return {};
    });

    router.on('POST', `${base}/update`, (request) => {
      caller(request);
      const body = jsonBody<{ job_id: number; new_settings?: JobSettings; fields_to_remove?: string[] }>(request);
      const job = findJob(context, body.job_id);
      const settings: JobSettings = { ...job.settings, ...body.new_settings };
      for (const field of body.fields_to_remove ?? []) delete settings[field];
      job.settings = settings;
      return {};
    });

    router.on('POST', `${base}/delete`, (request) => {
      caller(request);
      const job = findJob(context, jsonBody<{ job_id?: number }>(request).job_id);
      delete context.store.state.jobs[String(job.job_id)];
      byId = undefined;
      permissions.forget('jobs', String(job.job_id));
      return {};
    });
  }
};

export function findJob(context: LocalContext, id: unknown): Job {
  const jobId = requireInteger(id, 'job_id');
  const job = context.store.state.jobs[String(jobId)];
  if (!job) throw notFound(`Job ${jobId} does not exist.`);
  return job;
}

function listJobs(inIdOrder: readonly Job[], request: ApiRequest): ListJobsResponse {
  const name = request.query.get('name')?.toLowerCase() ?? null;
  const expandTasks = request.query.get('expand_tasks') === 'true';
  const all = name === null ? inIdOrder : inIdOrder.filter((job) => (job.settings.name ?? '').toLowerCase() === name);
  const page = paginate(all, { limit: request.query.get('limit'), pageToken: request.query.get('page_token'), defaultLimit: 20, maxLimit: 100 });
  const jobs = page.items.map((job) => (expandTasks ? job : { ...job, settings: withoutTasks(job.settings) }));
  return {
    ...(jobs.length > 0 ? { jobs } : {}),
    has_more: page.nextPageToken !== undefined,
    ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
    ...(page.prevPageToken ? { prev_page_token: page.prevPageToken } : {}),
  };
}

/** The defaults the real service fills in, so readers see the same settings. */
function withDefaults(settings: JobSettings): JobSettings {
  return { email_notifications: {}, webhook_notifications: {}, timeout_seconds: 0, max_concurrent_runs: 1, format: 'MULTI_TASK', ...settings };
}

function withoutTasks(settings: JobSettings): JobSettings {
  const { tasks: _tasks, job_clusters: _clusters, ...rest } = settings;
  return rest;
}

function runAsOf(settings: JobSettings, who: Identity, previous?: string): string {
  const runAs = settings.run_as as { user_name?: string; service_principal_name?: string } | undefined;
  return runAs?.user_name ?? runAs?.service_principal_name ?? previous ?? who.userName;
}
