import type {
  CreatePipelineResponse,
  ListPipelineEventsResponse,
  ListPipelinesResponse,
  ListUpdatesResponse,
  Pipeline,
  PipelineSpec,
  PipelineStateInfo,
  PipelineUpdate,
  PipelineUpdateState,
  StartUpdateResponse,
} from '../../core/workspace-api.js';
import { randomUUID } from 'node:crypto';
import type { PipelineUpdates } from '../runs/pipeline-update.js';
import { ApiError, caller, invalidParameter, jsonBody, notFound } from '../http.js';
import { paginate } from '../paging.js';
import type { StoredPipelineUpdate } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';
import { isoTime } from './context.js';
import type { PermissionsBook } from './permissions.js';

type SpecInput = PipelineSpec & { allow_duplicate_names?: boolean; dry_run?: boolean; pipeline_id?: string; expected_last_modified?: number };

/** Lakeflow declarative pipelines: definitions, updates that run their sources (src/local/runs/pipeline-update.ts), and their events. */
export const pipelinesApi = (permissions: PermissionsBook, updates: PipelineUpdates): ApiModule => (router, context) => {
  const base = '/api/2.0/pipelines';
  const state = (): typeof context.store.state => context.store.state;

  router.on('POST', base, (request): CreatePipelineResponse => {
    const who = caller(request);
    const { allow_duplicate_names: allowDuplicates, dry_run: _dryRun, ...spec } = jsonBody<SpecInput>(request);
    const name = spec.name ?? '';
    if (!allowDuplicates) refuseDuplicateName(context, name, null);
    const id = randomUUID();
    state().pipelines[id] = {
      pipeline_id: id,
      name,
      spec: { ...spec, id },
      health: 'HEALTHY',
      creator_user_name: who.userName,
      run_as_user_name: runAs(spec) ?? who.userName,
      last_modified: context.now(),
    };
    permissions.initialise('pipelines', id, who, []);
    return { pipeline_id: id };
  });

  router.on('GET', `${base}/{id}`, (request): Pipeline => {
    caller(request);
    return describe(context, request.params.id ?? '');
  });

  router.on('PUT', `${base}/{id}`, (request) => {
    caller(request);
    const id = request.params.id ?? '';
    const stored = find(context, id);
    const { allow_duplicate_names: allowDuplicates, expected_last_modified: expected, pipeline_id: _id, ...spec } = jsonBody<SpecInput>(request);
    if (expected && expected !== stored.last_modified) {
      throw new ApiError(409, 'RESOURCE_CONFLICT', `Pipeline ${id} was modified since ${expected}.`);
    }
    if (!allowDuplicates && spec.name) refuseDuplicateName(context, spec.name, id);
    stored.spec = { ...spec, id };
    stored.name = spec.name ?? stored.name;
    stored.run_as_user_name = runAs(spec) ?? stored.run_as_user_name;
    stored.last_modified = context.now();
    return {};
  });

  router.on('DELETE', `${base}/{id}`, (request) => {
    caller(request);
    const id = request.params.id ?? '';
    find(context, id);
    delete state().pipelines[id];
    for (const [updateId, update] of Object.entries(state().pipeline_updates)) {
      if (update.pipeline_id === id) delete state().pipeline_updates[updateId];
    }
    permissions.forget('pipelines', id);
    return {};
  });

  router.on('GET', base, (request): ListPipelinesResponse => {
    caller(request);
    const matches = filterOf(request.query.get('filter'));
    const statuses: PipelineStateInfo[] = Object.keys(state().pipelines)
      .map((id) => describe(context, id))
      .filter(matches)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ pipeline_id, name, state: pipelineState, creator_user_name, run_as_user_name, latest_updates }) => ({
        pipeline_id,
        name,
        state: pipelineState,
        creator_user_name,
        run_as_user_name,
        ...(latest_updates ? { latest_updates } : {}),
      }));
    const page = paginate(statuses, { limit: request.query.get('max_results'), pageToken: request.query.get('page_token'), defaultLimit: 25, maxLimit: 1000 });
    return { ...(page.items.length > 0 ? { statuses: page.items } : {}), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  router.on('POST', `${base}/{id}/updates`, (request): StartUpdateResponse => {
    caller(request);
    const id = request.params.id ?? '';
    find(context, id);
    if (updatesOf(context, id).some((update) => !isFinal(updateState(update)))) {
      throw new ApiError(409, 'RESOURCE_CONFLICT', `An active update already exists for pipeline ${id}.`);
    }
    const body = jsonBody<{ full_refresh?: boolean; cause?: string }>(request);
    const { update } = updates.start(id, body.cause ?? 'API_CALL', body.full_refresh === true);
    return { update_id: update.update_id };
  });

  router.on('GET', `${base}/{id}/updates`, (request): ListUpdatesResponse => {
    caller(request);
    const id = request.params.id ?? '';
    find(context, id);
    return { updates: updatesOf(context, id).map(publicUpdate) };
  });

  router.on('GET', `${base}/{id}/updates/{update_id}`, (request) => {
    caller(request);
    const update = state().pipeline_updates[request.params.update_id ?? ''];
    if (!update || update.pipeline_id !== request.params.id) throw notFound(`Update ${request.params.update_id} does not exist.`);
    return { update: publicUpdate(update) };
  });

  router.on('POST', `${base}/{id}/stop`, (request) => {
    caller(request);
    const id = request.params.id ?? '';
    find(context, id);
    for (const update of updatesOf(context, id)) updates.cancel(update);
    return {};
  });

  router.on('GET', `${base}/{id}/events`, (request): ListPipelineEventsResponse => {
    caller(request);
    const id = request.params.id ?? '';
    find(context, id);
    return { events: updatesOf(context, id).flatMap((update) => update.events ?? []).reverse() };
  });
};

function find(context: LocalContext, id: string): LocalContext['store']['state']['pipelines'][string] {
  const stored = context.store.state.pipelines[id];
  if (!stored) throw notFound(`Pipeline ${id} does not exist.`);
  return stored;
}

function describe(context: LocalContext, id: string): Pipeline {
  const stored = find(context, id);
  const updates = updatesOf(context, id);
  const latest = updates.slice(-5).reverse().map((update) => ({
    update_id: update.update_id,
    state: updateState(update),
    creation_time: isoTime(update.creation_time),
  }));
  const active = latest.some((update) => !isFinal(update.state));
  return { ...stored, state: active ? 'RUNNING' : 'IDLE', ...(latest.length > 0 ? { latest_updates: latest } : {}) };
}

function updatesOf(context: LocalContext, id: string): StoredPipelineUpdate[] {
  return Object.values(context.store.state.pipeline_updates)
    .filter((update) => update.pipeline_id === id)
    .sort((a, b) => a.creation_time - b.creation_time);
}

function updateState(update: StoredPipelineUpdate): PipelineUpdateState {
  return update.state ?? 'QUEUED';
}

function isFinal(state: PipelineUpdateState): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELED';
}

function publicUpdate(update: StoredPipelineUpdate): PipelineUpdate {
  return {
    pipeline_id: update.pipeline_id,
    update_id: update.update_id,
    state: updateState(update),
    cause: update.cause,
    creation_time: update.creation_time,
    full_refresh: update.full_refresh,
  };
}

function refuseDuplicateName(context: LocalContext, name: string, except: string | null): void {
  const clash = Object.values(context.store.state.pipelines).find((p) => p.name === name && p.pipeline_id !== except);
  if (clash) {
    throw new ApiError(409, 'RESOURCE_CONFLICT', `Pipeline name '${name}' is already used by another pipeline (${clash.pipeline_id}).`);
  }
}

function runAs(spec: PipelineSpec): string | undefined {
  const value = spec.run_as as { user_name?: string; service_principal_name?: string } | undefined;
  return value?.user_name ?? value?.service_principal_name;
}

/** The list filter: `name LIKE '<pattern>'` (% and _ wildcards), `name = '<name>'`, or `notebook = '<path>'`. */
function filterOf(filter: string | null): (pipeline: Pipeline) => boolean {
  if (!filter) return () => true;
  const match = /^\s*(name|notebook)\s*(LIKE|=)\s*'((?:[^']|'')*)'\s*$/i.exec(filter);
  if (!match) throw invalidParameter(`Unsupported filter: ${filter}. Use name LIKE '<pattern>' or notebook = '<path>'.`);
  const [, field = '', operator = '', raw = ''] = match;
  const value = raw.replace(/''/g, "'");
  if (field.toLowerCase() === 'notebook') {
    return (pipeline) => JSON.stringify(pipeline.spec.libraries ?? []).includes(JSON.stringify(value));
  }
  if (operator === '=') return (pipeline) => pipeline.name === value;
  const pattern = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
  return (pipeline) => pattern.test(pipeline.name);
}
