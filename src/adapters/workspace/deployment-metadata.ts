/**
 * The server-side deployment metadata that Databricks CLI 1.23 and newer keep (Beta, the
 * `bundle-deployments` service): deployments, and the resources each one records. A
 * workspace without the service answers 404 ENDPOINT_NOT_FOUND (or FEATURE_DISABLED): then
 * there is nothing to read, which is not an error.
 */
import type { JsonObject } from '../../core/bundle/model.js';
import { mapBounded } from '../../core/guard/concurrency.js';
import { deploymentRecords, type RecordedDeployment } from '../../core/guard/deployment-metadata.js';
import type { WorkspaceClient } from './client.js';
import { collect } from './paginate.js';
import { WorkspaceApiError } from './transport.js';

const BASE = '/api/2.0/bundle';
/** Deployments whose resources are read at once. */
const CONCURRENCY = 8;

/** Every deployment the service records with its resources, or null when the workspace has no such service. */
export async function readDeploymentMetadata(client: WorkspaceClient, wanted: (deployment: JsonObject) => boolean = () => true): Promise<RecordedDeployment[] | null> {
  let deployments: JsonObject[];
  try {
    deployments = await collect(
      client.resources.list({ path: `${BASE}/deployments`, items: 'deployments', size: { param: 'page_size', max: 100 }, token: { param: 'page_token', next: 'next_page_token' } }),
    );
  } catch (error) {
    if (error instanceof WorkspaceApiError && error.isUnserved) return null;
    throw error;
  }
  const chosen = deployments.filter(wanted);
  const resources = await mapBounded(chosen, CONCURRENCY, (deployment) =>
    typeof deployment.name === 'string'
      ? collect(
          client.resources.list({
            path: `${BASE}/${deployment.name.split('/').map(encodeURIComponent).join('/')}/resources`,
            items: 'resources',
            size: { param: 'page_size', max: 1000 },
            token: { param: 'page_token', next: 'next_page_token' },
          }),
        )
      : Promise.resolve([]),
  );
  return deploymentRecords(chosen, resources);
}
