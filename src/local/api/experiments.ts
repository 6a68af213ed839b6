import { ApiError, caller, jsonBody, requireString } from '../http.js';
import type { StoredResource } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { collection, field } from './resource-store.js';

const BASE = '/api/2.0/mlflow/experiments';

/**
 * MLflow experiments: a workspace path for a name, unique even after deletion (a deleted
 * experiment keeps its name until it is purged), 400 RESOURCE_ALREADY_EXISTS for a second one.
 */
export const experimentsApi: ApiModule = (router, context) => {
  const items = (): Record<string, StoredResource> => collection(context, 'experiments');
  const byName = (name: string): StoredResource | undefined => Object.values(items()).find((e) => e.name === name);

  router.on('POST', `${BASE}/create`, (request) => {
    caller(request);
    const body = jsonBody<StoredResource>(request);
    const name = requireString(body.name, 'name');
    if (byName(name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment with name '${name}' already exists.`);
    const id = String(context.store.nextId());
    const now = context.now();
    items()[id] = {
      experiment_id: id,
      name,
      artifact_location: field(body, 'artifact_location') || `dbfs:/databricks/mlflow-tracking/${id}`,
      lifecycle_stage: 'active',
      creation_time: now,
      last_update_time: now,
      ...(Array.isArray(body.tags) ? { tags: body.tags } : {}),
    };
    return { experiment_id: id };
  });
  router.on('GET', `${BASE}/get`, (request) => {
    caller(request);
    return { experiment: find(context, request.query.get('experiment_id')) };
  });
  router.on('GET', `${BASE}/get-by-name`, (request) => {
    caller(request);
    const name = requireString(request.query.get('experiment_name'), 'experiment_name');
    const found = byName(name);
    if (!found) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name ${name}`);
    return { experiment: found };
  });
  router.on('POST', `${BASE}/update`, (request) => {
    caller(request);
    const body = jsonBody<StoredResource>(request);
    const experiment = find(context, body.experiment_id);
    const name = field(body, 'new_name');
    if (name !== '' && name !== experiment.name) {
      if (byName(name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment with name '${name}' already exists.`);
      experiment.name = name;
    }
    experiment.last_update_time = context.now();
    return {};
  });
  router.on('POST', `${BASE}/delete`, (request) => {
    caller(request);
    find(context, jsonBody<StoredResource>(request).experiment_id).lifecycle_stage = 'deleted';
    return {};
  });
  router.on('POST', `${BASE}/restore`, (request) => {
    caller(request);
    find(context, jsonBody<StoredResource>(request).experiment_id).lifecycle_stage = 'active';
    return {};
  });
};

function find(context: LocalContext, id: unknown): StoredResource {
  const experiment = collection(context, 'experiments')[typeof id === 'string' ? id : ''];
  if (!experiment) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${String(id)} exists`);
  return experiment;
}
