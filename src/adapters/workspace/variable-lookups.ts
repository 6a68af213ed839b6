/**
 * The workspace side of bundle variable lookups: for each lookup kind of the CLI, the list
 * endpoint the SDK's by-name helpers walk, and which fields hold the name and the id.
 */
import type { LookupDirectory, LookupKind } from '../../core/bundle/lookups.js';
import { collect, paginate } from './paginate.js';
import type { Transport } from './transport.js';

type Item = Record<string, unknown>;

interface Listing {
  path: string;
  query?: Record<string, string | number>;
  /** The field of the response with the page's items. */
  items: string;
  name: (item: Item) => unknown;
  id: (item: Item) => unknown;
  /** Only these items count (the CLI looks only at clusters made through the API or the UI). */
  keep?: (item: Item) => boolean;
}

const field = (key: string) => (item: Item): unknown => item[key];

const LISTINGS: Record<Exclude<LookupKind, 'service_principal'>, Listing> = {
  alert: { path: '/api/2.0/sql/alerts', items: 'results', name: field('display_name'), id: field('id') },
  cluster_policy: { path: '/api/2.0/policies/clusters/list', items: 'policies', name: field('name'), id: field('policy_id') },
  cluster: {
    path: '/api/2.1/clusters/list',
    items: 'clusters',
    name: field('cluster_name'),
    id: field('cluster_id'),
    keep: (item) => item.cluster_source === undefined || item.cluster_source === 'API' || item.cluster_source === 'UI',
  },
  dashboard: { path: '/api/2.0/preview/sql/dashboards', items: 'results', name: field('name'), id: field('id') },
  instance_pool: { path: '/api/2.0/instance-pools/list', items: 'instance_pools', name: field('instance_pool_name'), id: field('instance_pool_id') },
  job: { path: '/api/2.2/jobs/list', items: 'jobs', name: (item) => (item.settings as Item | undefined)?.name, id: (item) => (item.job_id === undefined ? undefined : String(item.job_id)) },
  metastore: { path: '/api/2.1/unity-catalog/metastores', items: 'metastores', name: field('name'), id: field('metastore_id') },
  notification_destination: { path: '/api/2.0/notification-destinations', query: { page_size: 200 }, items: 'results', name: field('display_name'), id: field('id') },
  pipeline: { path: '/api/2.0/pipelines', items: 'statuses', name: field('name'), id: field('pipeline_id') },
  query: { path: '/api/2.0/sql/queries', items: 'results', name: field('display_name'), id: field('id') },
  warehouse: { path: '/api/2.0/sql/warehouses', items: 'warehouses', name: field('name'), id: field('id') },
};

export function variableLookups(http: Transport): LookupDirectory {
  return {
    async idsNamed(kind, name) {
      if (kind === 'service_principal') {
        // SCIM filters on the server, as the CLI's ServicePrincipals list does.
        const page = await http.json<{ Resources?: Item[] }>('GET', '/api/2.0/preview/scim/v2/ServicePrincipals', {
          query: { filter: `displayName eq '${name.replace(/'/g, "''")}'` },
        });
        return (page.Resources ?? []).filter((sp) => sp.displayName === name).map((sp) => String(sp.applicationId ?? ''));
      }
      const listing = LISTINGS[kind];
      const items = await collect(
        paginate(
          (pageToken) => http.json<Record<string, unknown>>('GET', listing.path, { query: { ...listing.query, ...(pageToken ? { page_token: pageToken } : {}) } }),
          (page) => (Array.isArray(page[listing.items]) ? (page[listing.items] as Item[]) : []),
          (page) => (typeof page.next_page_token === 'string' ? page.next_page_token : undefined),
        ),
      );
      return items.filter((item) => (listing.keep?.(item) ?? true) && listing.name(item) === name).map((item) => String(listing.id(item) ?? ''));
    },
  };
}
