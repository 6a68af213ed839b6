import type {
  CreatePipelineResponse,
  ListPipelineEventsResponse,
  ListPipelinesResponse,
  ListUpdatesResponse,
  Pipeline,
  PipelineEvent,
  PipelineSpec,
  PipelineStateInfo,
  PipelineUpdate,
  StartUpdateResponse,
} from '../../core/workspace-api.js';
import { paginate } from './paginate.js';
import type { Transport } from './transport.js';

const BASE = '/api/2.0/pipelines';

export class PipelinesApi {
  constructor(private readonly http: Transport) {}

  create(spec: PipelineSpec & { allow_duplicate_names?: boolean }): Promise<CreatePipelineResponse> {
    return this.http.json('POST', BASE, { body: spec });
  }

  get(pipelineId: string): Promise<Pipeline> {
    return this.http.json('GET', `${BASE}/${encodeURIComponent(pipelineId)}`);
  }

  update(pipelineId: string, spec: PipelineSpec & { allow_duplicate_names?: boolean }): Promise<void> {
    return this.http.json('PUT', `${BASE}/${encodeURIComponent(pipelineId)}`, { body: { ...spec, pipeline_id: pipelineId } });
  }

  delete(pipelineId: string): Promise<void> {
    return this.http.json('DELETE', `${BASE}/${encodeURIComponent(pipelineId)}`);
  }

  /** Every pipeline, or those a filter such as `name LIKE '%sales%'` selects. */
  list(options: { filter?: string } = {}): AsyncGenerator<PipelineStateInfo> {
    return paginate(
      (pageToken) =>
        this.http.json<ListPipelinesResponse>('GET', BASE, { query: { filter: options.filter, page_token: pageToken, max_results: 100 } }),
      (page) => page.statuses,
      (page) => page.next_page_token,
    );
  }

  startUpdate(pipelineId: string, options: { fullRefresh?: boolean } = {}): Promise<StartUpdateResponse> {
    return this.http.json('POST', `${BASE}/${encodeURIComponent(pipelineId)}/updates`, { body: { full_refresh: options.fullRefresh ?? false } });
  }

  async getUpdate(pipelineId: string, updateId: string): Promise<PipelineUpdate> {
    const response = await this.http.json<{ update: PipelineUpdate }>('GET', `${BASE}/${encodeURIComponent(pipelineId)}/updates/${encodeURIComponent(updateId)}`);
    return response.update;
  }

  async listUpdates(pipelineId: string): Promise<PipelineUpdate[]> {
    return (await this.http.json<ListUpdatesResponse>('GET', `${BASE}/${encodeURIComponent(pipelineId)}/updates`)).updates ?? [];
  }

  listEvents(pipelineId: string): AsyncGenerator<PipelineEvent> {
    return paginate(
      (pageToken) => this.http.json<ListPipelineEventsResponse>('GET', `${BASE}/${encodeURIComponent(pipelineId)}/events`, { query: { page_token: pageToken } }),
      (page) => page.events,
      (page) => page.next_page_token,
    );
  }
}
