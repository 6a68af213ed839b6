/**
 * What each kind of job task runs on the local workspace: notebooks and Python files in a
 * Python process, SQL files and saved queries on the local warehouse, pipeline tasks as a
 * pipeline update. Kinds it cannot run (JARs, wheels, dbt, …) are excluded, and say so.
 */
import type { Job, JobTask } from '../../core/workspace-api.js';
import type { PipelineDatasetReport, PythonOutcome, PythonRequest, PythonSource } from './python.js';

export interface TaskOutcome {
  ok: boolean;
  /** A task the local workspace does not run: excluded, not failed. */
  excluded?: boolean;
  logs: string;
  error?: string;
  errorTrace?: string;
  notebookResult?: string;
}

/** What a task needs from the workspace around it. */
export interface TaskCapabilities {
  /** A workspace file's text, or undefined when there is none. */
  readFile(path: string): string | undefined;
  python(request: Omit<PythonRequest, 'workspace'>): Promise<PythonOutcome>;
  /** Runs SQL on a warehouse as a statement; rejects with the warehouse's error. */
  sql(warehouseId: string, sql: string, parameters: Record<string, string>): Promise<{ rows: number }>;
  /** A saved query's text (sql_task.query), or undefined when the workspace has none by that id. */
  savedQuery(id: string): string | undefined;
  pipelineUpdate(pipelineId: string, fullRefresh: boolean): Promise<{ ok: boolean; updateId: string; error?: string; datasets?: PipelineDatasetReport[] }>;
  signal: AbortSignal;
}

const UNSUPPORTED = ['spark_jar_task', 'python_wheel_task', 'spark_submit_task', 'dbt_task', 'run_job_task', 'for_each_task', 'condition_task', 'clean_rooms_notebook_task', 'dashboard_task', 'power_bi_task'];

/** Job parameters (defaults, then the run's values) as tasks see them. */
export function jobParameters(job: Job, runValues: Record<string, string> | undefined): Record<string, string> {
  const defaults = (job.settings.parameters as Array<{ name: string; default?: string }> | undefined) ?? [];
  return { ...Object.fromEntries(defaults.map((p) => [p.name, p.default ?? ''])), ...(runValues ?? {}) };
}

/** `{{job.parameters.x}}` references in a task's own parameters. */
function substitute(value: string, parameters: Record<string, string>): string {
  return value.replace(/\{\{\s*job\.parameters\.([\w.-]+)\s*\}\}/g, (whole, name: string) => parameters[name] ?? whole);
}

export async function runTask(task: JobTask, parameters: Record<string, string>, timeoutMs: number | undefined, can: TaskCapabilities): Promise<TaskOutcome> {
  const notebook = task.notebook_task as { notebook_path?: string; base_parameters?: Record<string, string> } | undefined;
  if (notebook?.notebook_path) {
    const source = readSource(can, notebook.notebook_path, ['', '.py']);
    if ('error' in source) return source.error;
    const base = Object.fromEntries(Object.entries(notebook.base_parameters ?? {}).map(([k, v]) => [k, substitute(String(v), parameters)]));
    return fromPython(await can.python({ kind: 'notebook', sources: [source], parameters: { ...parameters, ...base }, timeoutMs, signal: can.signal }));
  }
  const pythonFile = task.spark_python_task as { python_file?: string; parameters?: string[] } | undefined;
  if (pythonFile?.python_file) {
    const source = readSource(can, pythonFile.python_file, ['']);
    if ('error' in source) return source.error;
    const args = (pythonFile.parameters ?? []).map((arg) => substitute(String(arg), parameters));
    return fromPython(await can.python({ kind: 'python', sources: [source], args, parameters, timeoutMs, signal: can.signal }));
  }
  const sqlTask = task.sql_task as { warehouse_id?: string; file?: { path?: string }; query?: { query_id?: string }; parameters?: Record<string, string> } | undefined;
  if (sqlTask) return runSqlTask(sqlTask, parameters, can);
  const pipeline = task.pipeline_task as { pipeline_id?: string; full_refresh?: boolean } | undefined;
  if (pipeline?.pipeline_id) {
    const update = await can.pipelineUpdate(pipeline.pipeline_id, pipeline.full_refresh === true);
    const written = (update.datasets ?? []).map((d) => `${d.kind} ${d.name}: ${d.rows} rows`).join('\n');
    return {
      ok: update.ok,
      logs: `pipeline ${pipeline.pipeline_id}, update ${update.updateId}: ${update.ok ? 'COMPLETED' : 'FAILED'}\n${written}`,
      ...(update.ok ? {} : { error: `Pipeline update ${update.updateId} failed: ${update.error ?? 'see the pipeline event log'}` }),
    };
  }
  const kind = UNSUPPORTED.find((name) => task[name] !== undefined);
  if (kind) return { ok: true, excluded: true, logs: `dataops local does not run ${kind} tasks: ${task.task_key} was excluded\n` };
  return { ok: true, logs: `${task.task_key} has no code to run\n` };
}

async function runSqlTask(
  sqlTask: { warehouse_id?: string; file?: { path?: string }; query?: { query_id?: string }; parameters?: Record<string, string> },
  jobValues: Record<string, string>,
  can: TaskCapabilities,
): Promise<TaskOutcome> {
  const warehouseId = sqlTask.warehouse_id ?? '';
  let text: string | undefined;
  let origin: string;
  if (sqlTask.file?.path) {
    origin = sqlTask.file.path;
    text = can.readFile(origin);
    if (text === undefined) return { ok: false, logs: '', error: `SQL file ${origin} does not exist in the workspace` };
  } else if (sqlTask.query?.query_id) {
    origin = `query ${sqlTask.query.query_id}`;
    text = can.savedQuery(sqlTask.query.query_id);
    if (text === undefined) return { ok: false, logs: '', error: `Query ${sqlTask.query.query_id} does not exist in this workspace` };
  } else {
    return { ok: true, excluded: true, logs: 'dataops local runs SQL tasks with a file or a query; alerts and dashboards are excluded\n' };
  }
  const parameters = { ...jobValues, ...Object.fromEntries(Object.entries(sqlTask.parameters ?? {}).map(([k, v]) => [k, substitute(String(v), jobValues)])) };
  try {
    const { rows } = await can.sql(warehouseId, text, parameters);
    return { ok: true, logs: `${origin} on warehouse ${warehouseId}: ${rows} rows\n` };
  } catch (error) {
    return { ok: false, logs: '', error: `${origin}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A task's source from the workspace; notebooks are stored without their extension. */
function readSource(can: TaskCapabilities, path: string, extensions: string[]): PythonSource | { error: TaskOutcome } {
  for (const extension of extensions) {
    const text = can.readFile(path + extension);
    if (text !== undefined) return { path, text };
  }
  return { error: { ok: false, logs: '', error: `${path} does not exist in the workspace` } };
}

function fromPython(outcome: PythonOutcome): TaskOutcome {
  return {
    ok: outcome.ok,
    logs: outcome.logs,
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.errorTrace ? { errorTrace: outcome.errorTrace } : {}),
    ...(outcome.notebookResult !== undefined ? { notebookResult: outcome.notebookResult } : {}),
  };
}
