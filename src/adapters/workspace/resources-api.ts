import type { JsonObject } from '../../core/bundle/model.js';
import { paginate } from './paginate.js';
import type { Transport } from './transport.js';

/** A token-paged list endpoint: which query parameters page it and where the items are. */
export interface PagedList {
  path: string;
  query?: Record<string, string>;
  items: string;
  /** `page_size` or `max_results`…, and the most the service returns per page. */
  size?: { param: string; max: number };
  token?: { param: string; next: string };
}

/**
 * Plain reads of the resource APIs that have no typed client here (Unity Catalog, MLflow,
 * serving, apps, compute, Lakebase, vector search…): objects stay JSON, the guard reads the
 * few fields it needs through its type table.
 */
export class ResourcesApi {
  constructor(private readonly http: Transport) {}

  get(path: string, query?: Record<string, string>): Promise<JsonObject> {
    return this.http.json('GET', path, query ? { query } : {});
  }

  list(list: PagedList): AsyncGenerator<JsonObject> {
    return paginate(
      (pageToken) =>
        this.get(list.path, {
          ...list.query,
          ...(list.size ? { [list.size.param]: String(list.size.max) } : {}),
          ...(list.token && pageToken ? { [list.token.param]: pageToken } : {}),
        }),
      (page) => {
        const items = page[list.items];
        return Array.isArray(items) ? items.filter((item): item is JsonObject => typeof item === 'object' && item !== null && !Array.isArray(item)) : [];
      },
      (page) => {
        const next = list.token ? page[list.token.next] : undefined;
        return typeof next === 'string' ? next : undefined;
      },
    );
  }
}
