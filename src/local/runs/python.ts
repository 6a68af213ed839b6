/**
 * Task code runs in a Python process: the runtime (python/dataops_local_runtime.py) is written
 * beside the task's sources and started with a request file naming them and their parameters.
 * Which Python: $DATAOPS_LOCAL_PYTHON, else `python3` on PATH. PySpark installed in it gives
 * the task a local Spark session; without it, a stand-in over the local SQL warehouse.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import runtimeSource from './python/dataops_local_runtime.py?raw';

export type PythonKind = 'notebook' | 'python' | 'pipeline';

export interface PythonSource {
  /** The workspace path, as tracebacks name it. */
  path: string;
  text: string;
}

export interface PythonRequest {
  kind: PythonKind;
  sources: PythonSource[];
  /** Notebook widgets (job parameters and base parameters). */
  parameters?: Record<string, string>;
  /** sys.argv[1:] of a Python file task. */
  args?: string[];
  /** The pipeline's (or session's) catalog and schema, for one-part table names. */
  catalog?: string;
  schema?: string;
  /** DATABRICKS_HOST, DATABRICKS_TOKEN and DATAOPS_WAREHOUSE_ID of the process. */
  workspace: { host: string; token: string; warehouseId: string };
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PythonOutcome {
  ok: boolean;
  /** stdout and stderr, interleaved as they came, cut to the last MAX_LOG_BYTES. */
  logs: string;
  error?: string;
  errorTrace?: string;
  notebookResult?: string;
  /** What a pipeline update wrote: its datasets, rows and expectations. */
  datasets?: PipelineDatasetReport[];
  /** "stand-in" or "pyspark <version>". */
  spark?: string;
}

export interface PipelineDatasetReport {
  name: string;
  kind: string;
  rows: number;
  expectations: Array<{ name: string; dataset: string; action: string; passed_records: number; failed_records: number }>;
}

const MAX_LOG_BYTES = 512 * 1024;

/** The Python that runs task code. */
export function pythonExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATAOPS_LOCAL_PYTHON || 'python3';
}

export async function runPython(request: PythonRequest): Promise<PythonOutcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-run-'));
  try {
    const runtime = path.join(dir, 'dataops_local_runtime.py');
    writeFileSync(runtime, runtimeSource);
    const sources = request.sources.map((source, index) => {
      const file = path.join(dir, `source-${index}.py`);
      writeFileSync(file, source.text);
      return { file, path: source.path };
    });
    const resultFile = path.join(dir, 'result.json');
    const requestFile = path.join(dir, 'request.json');
    writeFileSync(
      requestFile,
      JSON.stringify({ sources, parameters: request.parameters ?? {}, args: request.args ?? [], catalog: request.catalog, schema: request.schema, result_file: resultFile }),
    );
    const exit = await spawnLogged(pythonExecutable(), ['-u', runtime, request.kind, requestFile], {
      env: taskEnvironment(request.workspace),
      cwd: dir,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
    });
    const result = readResult(resultFile);
    if (!result) {
      const reason = exit.timedOut ? `timed out after ${Math.round((request.timeoutMs ?? 0) / 1000)} s` : exit.aborted ? 'cancelled' : `Python exited with ${exit.code ?? exit.signal} before it reported`;
      return { ok: false, logs: exit.logs, error: `dataops local: the task ${reason}` + (exit.spawnError ? `: ${exit.spawnError}` : '') };
    }
    return {
      ok: result.ok === true && exit.code === 0,
      logs: exit.logs,
      ...(result.error ? { error: result.error } : {}),
      ...(result.error_trace ? { errorTrace: result.error_trace } : {}),
      ...(result.notebook_result !== undefined ? { notebookResult: result.notebook_result } : {}),
      ...(result.datasets ? { datasets: result.datasets } : {}),
      ...(result.spark ? { spark: result.spark } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RuntimeResult {
  ok?: boolean;
  error?: string;
  error_trace?: string;
  notebook_result?: string;
  datasets?: PipelineDatasetReport[];
  spark?: string;
}

function readResult(file: string): RuntimeResult | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RuntimeResult;
  } catch {
    return undefined;
  }
}

/** Only what the task needs: the local workspace's credentials, none of the caller's profile or cloud settings. */
function taskEnvironment(workspace: PythonRequest['workspace']): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABRICKS_|DATAOPS_|ARM_|AZURE_|GOOGLE_|AWS_)/.test(name)));
  return {
    ...kept,
    ...(process.env.DATAOPS_LOCAL_SPARK ? { DATAOPS_LOCAL_SPARK: process.env.DATAOPS_LOCAL_SPARK } : {}),
    DATABRICKS_HOST: workspace.host,
    DATABRICKS_TOKEN: workspace.token,
    DATAOPS_WAREHOUSE_ID: workspace.warehouseId,
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  logs: string;
  timedOut: boolean;
  aborted: boolean;
  spawnError?: string;
}

function spawnLogged(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number; signal?: AbortSignal }): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let logs = '';
    let timedOut = false;
    let spawnError: string | undefined;
    const append = (chunk: Buffer): void => {
      logs += chunk.toString('utf8');
      if (logs.length > MAX_LOG_BYTES * 2) logs = logs.slice(-MAX_LOG_BYTES);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), options.timeoutMs) : undefined;
    options.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      spawnError = `${command}: ${error.message} (set DATAOPS_LOCAL_PYTHON to a Python 3 interpreter)`;
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      resolve({ code, signal, logs: logs.length > MAX_LOG_BYTES ? logs.slice(-MAX_LOG_BYTES) : logs, timedOut, aborted: options.signal?.aborted === true, ...(spawnError ? { spawnError } : {}) });
    });
  });
}
