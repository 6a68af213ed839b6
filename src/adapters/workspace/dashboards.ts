import type { Dashboard, DashboardInput, ListDashboardsResponse, PublishedDashboard, PublishRequest } from '../../core/workspace-api.js';
import { paginate } from './paginate.js';
import type { Transport } from './transport.js';

const BASE = '/api/2.0/lakeview/dashboards';

/** AI/BI dashboards (the Lakeview API; legacy SQL dashboards are another API). */
export class DashboardsApi {
  constructor(private readonly http: Transport) {}

  create(input: DashboardInput): Promise<Dashboard> {
    return this.http.json('POST', BASE, { body: input });
  }

  get(dashboardId: string): Promise<Dashboard> {
    return this.http.json('GET', `${BASE}/${encodeURIComponent(dashboardId)}`);
  }

  update(dashboardId: string, input: DashboardInput): Promise<Dashboard> {
    return this.http.json('PATCH', `${BASE}/${encodeURIComponent(dashboardId)}`, { body: input });
  }

  trash(dashboardId: string): Promise<void> {
    return this.http.json('DELETE', `${BASE}/${encodeURIComponent(dashboardId)}`);
  }

  list(options: { showTrashed?: boolean } = {}): AsyncGenerator<Dashboard> {
    return paginate(
      (pageToken) =>
        this.http.json<ListDashboardsResponse>('GET', BASE, { query: { show_trashed: options.showTrashed, page_token: pageToken, page_size: 100 } }),
      (page) => page.dashboards,
      (page) => page.next_page_token,
    );
  }

  publish(dashboardId: string, request: PublishRequest = {}): Promise<PublishedDashboard> {
    return this.http.json('POST', `${BASE}/${encodeURIComponent(dashboardId)}/published`, { body: request });
  }

  getPublished(dashboardId: string): Promise<PublishedDashboard> {
    return this.http.json('GET', `${BASE}/${encodeURIComponent(dashboardId)}/published`);
  }
}
