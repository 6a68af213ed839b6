import type {
  CreateJobResponse,
  Job,
  JobSettings,
  ListJobsResponse,
  ListRunsResponse,
  Run,
  RunNowRequest,
  RunNowResponse,
  RunOutput,
} from '../../core/workspace-api.js';
import { paginate } from './paginate.js';
import type { Transport } from './transport.js';

const BASE = '/api/2.2/jobs';
/** The most the list endpoint returns per page. */
const PAGE_LIMIT = 100;

export class JobsApi {
  constructor(private readonly http: Transport) {}

  create(settings: JobSettings): Promise<CreateJobResponse> {
    return this.http.json('POST', `${BASE}/create`, { body: settings });
  }

  get(jobId: number): Promise<Job> {
    return this.http.json('GET', `${BASE}/get`, { query: { job_id: jobId } });
  }

  /** Every job, or those whose name equals `name` (the service compares without case). */
  list(options: { name?: string; expandTasks?: boolean } = {}): AsyncGenerator<Job> {
    return paginate(
      (pageToken) => this.listPage({ ...options, pageToken, limit: PAGE_LIMIT }),
      (page) => page.jobs,
      (page) => page.next_page_token,
    );
  }

  listPage(options: { name?: string; expandTasks?: boolean; limit?: number; pageToken?: string }): Promise<ListJobsResponse> {
    return this.http.json('GET', `${BASE}/list`, {
      query: { name: options.name, expand_tasks: options.expandTasks, limit: options.limit, page_token: options.pageToken },
    });
  }

  reset(jobId: number, settings: JobSettings): Promise<void> {
    return this.http.json('POST', `${BASE}/reset`, { body: { job_id: jobId, new_settings: settings } });
  }

  delete(jobId: number): Promise<void> {
    return this.http.json('POST', `${BASE}/delete`, { body: { job_id: jobId } });
  }

  runNow(request: RunNowRequest): Promise<RunNowResponse> {
    return this.http.json('POST', `${BASE}/run-now`, { body: request });
  }

  getRun(runId: number): Promise<Run> {
    return this.http.json('GET', `${BASE}/runs/get`, { query: { run_id: runId } });
  }

  getRunOutput(runId: number): Promise<RunOutput> {
    return this.http.json('GET', `${BASE}/runs/get-output`, { query: { run_id: runId } });
  }

  listRuns(options: { jobId?: number; activeOnly?: boolean } = {}): AsyncGenerator<Run> {
    return paginate(
      (pageToken) =>
        this.http.json<ListRunsResponse>('GET', `${BASE}/runs/list`, {
          query: { job_id: options.jobId, active_only: options.activeOnly, page_token: pageToken, limit: 25 },
        }),
      (page) => page.runs,
      (page) => page.next_page_token,
    );
  }

  cancelRun(runId: number): Promise<void> {
    return this.http.json('POST', `${BASE}/runs/cancel`, { body: { run_id: runId } });
  }
}
