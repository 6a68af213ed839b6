/**
 * A pipeline update on the local workspace: its sources are checked (Python compiles, SQL
 * parses) and its Python datasets are materialised on the local warehouse by the runtime's
 * stand-in for `pyspark.pipelines`, expectations counted. A broken source fails the update
 * with an ERROR event naming the file and line, as the real event log does.
 */
import { randomUUID } from 'node:crypto';
import type { PipelineEvent, PipelineUpdateState } from '../../core/workspace-api.js';
import type { LocalContext } from '../api/context.js';
import { isoTime } from '../api/context.js';
import type { StoredPipelineUpdate } from '../state.js';
import type { PipelineDatasetReport, PythonOutcome, PythonRequest, PythonSource } from './python.js';

export interface PipelineCapabilities {
  readFile(path: string): string | undefined;
  python(request: Omit<PythonRequest, 'workspace'>): Promise<PythonOutcome>;
  /** The parse error of a SQL text, or undefined when it parses. */
  sqlParseError(sql: string): Promise<{ message: string; line?: number; column?: number } | undefined>;
}

export interface UpdateResult {
  ok: boolean;
  error?: string;
  datasets?: PipelineDatasetReport[];
}

interface Library {
  path: string;
  language: 'python' | 'sql';
}

/** Runs an update to its end, recording its state and events on the stored update. */
export async function runPipelineUpdate(context: LocalContext, update: StoredPipelineUpdate, can: PipelineCapabilities): Promise<UpdateResult> {
  const pipeline = context.store.state.pipelines[update.pipeline_id];
  const events: PipelineEvent[] = (update.events = []);
  const emit = (event: Omit<PipelineEvent, 'id' | 'sequence' | 'origin' | 'timestamp'>): void => {
    const at = context.now();
    events.push({ id: `${update.update_id}-${events.length}`, sequence: { control_plane_seq_no: at * 10 + events.length }, origin: { pipeline_id: update.pipeline_id, update_id: update.update_id }, timestamp: isoTime(at), ...event });
  };
  const move = (state: PipelineUpdateState): void => {
    if (update.canceled_time !== undefined) return;
    update.state = state;
    emit({ message: `Update ${update.update_id.slice(0, 6)} is ${state}.`, level: 'INFO', event_type: 'update_progress', details: { update_progress: { state } } });
    context.store.save();
  };
  const fail = (message: string, className: string): UpdateResult => {
    if (update.canceled_time !== undefined) return { ok: false, error: 'the update was cancelled' };
    emit({ message: `Update ${update.update_id.slice(0, 6)} is FAILED.`, level: 'ERROR', event_type: 'update_progress', error: { exceptions: [{ class_name: className, message }], fatal: true }, details: { update_progress: { state: 'FAILED' } } });
    update.state = 'FAILED';
    update.end_time = context.now();
    context.store.save();
    return { ok: false, error: message };
  };

  move('QUEUED');
  if (!pipeline) return fail(`Pipeline ${update.pipeline_id} does not exist.`, 'PipelineNotFound');
  move('INITIALIZING');
  const declared = (pipeline.spec.libraries ?? []) as Array<{ glob?: unknown }>;
  if (declared.some((library) => library.glob !== undefined)) {
    return fail('dataops local does not expand glob libraries: list the pipeline\'s files as file libraries', 'UnsupportedOperationException');
  }
  const libraries = librariesOf(declared);
  const sources: Array<Library & { text: string }> = [];
  for (const library of libraries) {
    const text = can.readFile(library.path) ?? can.readFile(`${library.path}.py`) ?? can.readFile(`${library.path}.sql`);
    if (text === undefined) return fail(`${library.path} does not exist in the workspace`, 'FileNotFoundException');
    sources.push({ ...library, language: text.startsWith('-- Databricks notebook source') ? 'sql' : library.language, text });
  }
  move('SETTING_UP_TABLES');
  for (const source of sources.filter((s) => s.language === 'sql')) {
    const problem = await can.sqlParseError(source.text);
    if (problem) return fail(`${source.path}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ''}: ${problem.message}`, 'ParseException');
  }
  const catalog = pipeline.spec.catalog ?? 'main';
  const schema = (pipeline.spec.schema ?? pipeline.spec.target ?? 'default') as string;
  move('RUNNING');
  const python: PythonSource[] = sources.filter((s) => s.language === 'python').map((s) => ({ path: s.path, text: s.text }));
  let datasets: PipelineDatasetReport[] = [];
  if (python.length > 0) {
    const outcome = await can.python({ kind: 'pipeline', sources: python, catalog, schema });
    if (!outcome.ok) return fail(outcome.error ?? 'the pipeline source failed', (outcome.error ?? '').split(':')[0] || 'PythonException');
    datasets = outcome.datasets ?? [];
  }
  for (const dataset of datasets) {
    emit({
      message: `Flow '${catalog}.${schema}.${dataset.name}' has COMPLETED.`,
      level: 'INFO',
      event_type: 'flow_progress',
      details: {
        flow_progress: {
          status: 'COMPLETED',
          metrics: { num_output_rows: dataset.rows },
          data_quality: {
            dropped_records: dataset.expectations.filter((e) => e.action === 'DROP').reduce((sum, e) => Math.max(sum, e.failed_records), 0),
            expectations: dataset.expectations.map((e) => ({ name: e.name, dataset: e.dataset, passed_records: e.passed_records, failed_records: e.failed_records })),
          },
        },
      },
    });
  }
  if (sources.some((s) => s.language === 'sql')) {
    emit({ message: 'dataops local checked the SQL sources (they parse) but does not run SQL datasets.', level: 'WARN', event_type: 'update_progress' });
  }
  if (update.canceled_time !== undefined) return { ok: false, error: 'the update was cancelled' };
  update.end_time = context.now();
  move('COMPLETED');
  return { ok: true, datasets };
}

/** The files an update runs: its `file` and `notebook` libraries. */
function librariesOf(libraries: unknown[]): Library[] {
  return libraries.flatMap((library): Library[] => {
    const entry = library as { file?: { path?: string }; notebook?: { path?: string } };
    const path = entry.file?.path ?? entry.notebook?.path;
    if (path) return [{ path, language: path.endsWith('.sql') ? 'sql' : 'python' }];
    return [];
  });
}

export function isFinalUpdateState(state: PipelineUpdateState): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELED';
}

/** The updates that run now, so that a job's pipeline task can wait for the one it started. */
export class PipelineUpdates {
  private readonly running = new Map<string, Promise<UpdateResult>>();

  constructor(
    private readonly context: LocalContext,
    /** What an update of this pipeline may use (it runs as the pipeline's run-as identity). */
    private readonly can: (pipelineId: string) => PipelineCapabilities,
  ) {}

  /** Updates left unfinished by a server that stopped have failed: their processes are gone. */
  recover(): void {
    for (const update of Object.values(this.context.store.state.pipeline_updates)) {
      if (update.state === undefined || !isFinalUpdateState(update.state)) {
        update.state = 'FAILED';
        update.end_time = update.end_time ?? update.creation_time;
      }
    }
  }

  /** Records a new update and starts it. */
  start(pipelineId: string, cause: string, fullRefresh: boolean): { update: StoredPipelineUpdate; done: Promise<UpdateResult> } {
    const update: StoredPipelineUpdate = { pipeline_id: pipelineId, update_id: randomUUID(), cause, full_refresh: fullRefresh, creation_time: this.context.now(), state: 'QUEUED' };
    this.context.store.state.pipeline_updates[update.update_id] = update;
    const done = runPipelineUpdate(this.context, update, this.can(pipelineId)).catch((error: unknown): UpdateResult => {
      update.state = 'FAILED';
      update.end_time = this.context.now();
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    });
    this.running.set(update.update_id, done);
    void done.finally(() => this.running.delete(update.update_id));
    return { update, done };
  }

  /** Stops an active update: it ends CANCELED (its Python process, if any, runs to its end unseen). */
  cancel(update: StoredPipelineUpdate): void {
    if (update.state !== undefined && isFinalUpdateState(update.state)) return;
    update.canceled_time = this.context.now();
    update.state = 'CANCELED';
    update.end_time = this.context.now();
  }
}
