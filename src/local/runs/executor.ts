/**
 * Job runs that run their code. A run's tasks go one at a time in the order their
 * `depends_on` allows; each records its state, time, logs and error on the stored run, so
 * `runs/get` and `runs/get-output` report what the code did and how long it took.
 */
import type { Job, JobTask, RunResultState, RunState } from '../../core/workspace-api.js';
import type { LocalContext } from '../api/context.js';
import type { StoredRun, StoredTaskRun } from '../state.js';
import { jobParameters, runTask, type TaskCapabilities, type TaskOutcome } from './tasks.js';

export type CapabilitiesFor = (run: StoredRun, signal: AbortSignal) => TaskCapabilities;

const pending = (message: string): RunState => ({ life_cycle_state: 'PENDING', state_message: message, user_cancelled_or_timedout: false });
const running = (): RunState => ({ life_cycle_state: 'RUNNING', state_message: 'In run', user_cancelled_or_timedout: false });
const terminated = (result: RunResultState, message: string, byUser = false): RunState => ({
  life_cycle_state: 'TERMINATED',
  result_state: result,
  state_message: message,
  user_cancelled_or_timedout: byUser,
});

export class RunExecutor {
  private readonly active = new Map<number, AbortController>();

  constructor(
    private readonly context: LocalContext,
    private readonly capabilitiesFor: CapabilitiesFor,
  ) {}

  /** Runs left unfinished by a server that stopped end as INTERNAL_ERROR: their processes are gone. */
  recover(): void {
    for (const run of Object.values(this.context.store.state.runs)) {
      if (run.state?.life_cycle_state === 'TERMINATED' || run.state?.life_cycle_state === 'INTERNAL_ERROR') continue;
      const message = run.state ? 'dataops local stopped while the run was active' : 'recorded by an earlier dataops local that did not run code';
      run.state = { life_cycle_state: 'INTERNAL_ERROR', state_message: message, user_cancelled_or_timedout: false };
      run.end_time = run.end_time ?? run.start_time;
      for (const task of run.tasks ?? []) if (task.state.life_cycle_state !== 'TERMINATED') task.state = { ...run.state };
    }
  }

  /** Starts a run's tasks; returns at once. */
  start(run: StoredRun, job: Job): void {
    const tasks = job.settings.tasks ?? [];
    run.state = pending('Waiting for the previous step');
    run.tasks = tasks.map((task, index) => ({ task_key: task.task_key, run_id: run.task_run_ids[index] ?? 0, state: pending('Waiting'), start_time: run.start_time }));
    const controller = new AbortController();
    this.active.set(run.run_id, controller);
    void this.execute(run, job, tasks, controller).finally(() => this.active.delete(run.run_id));
  }

  cancel(run: StoredRun): void {
    const controller = this.active.get(run.run_id);
    if (!controller || run.state?.life_cycle_state === 'TERMINATED') return;
    run.canceled_time = this.context.now();
    controller.abort();
  }

  private async execute(run: StoredRun, job: Job, tasks: JobTask[], controller: AbortController): Promise<void> {
    const parameters = jobParameters(job, run.request.job_parameters);
    const timeoutSeconds = typeof job.settings.timeout_seconds === 'number' && job.settings.timeout_seconds > 0 ? job.settings.timeout_seconds : undefined;
    const can = this.capabilitiesFor(run, controller.signal);
    const records = new Map((run.tasks ?? []).map((record) => [record.task_key, record]));
    const outcomes = new Map<string, RunResultState>();
    run.state = running();
    this.context.store.save();
    for (const task of inDependencyOrder(tasks)) {
      const record = records.get(task.task_key);
      if (!record) continue;
      const upstream = dependenciesOf(task).find((key) => !['SUCCESS', 'EXCLUDED'].includes(outcomes.get(key) ?? 'FAILED'));
      if (controller.signal.aborted) {
        this.finishTask(record, terminated('CANCELED', 'Run cancelled.', true), { ok: false, logs: '' });
        outcomes.set(task.task_key, 'CANCELED');
        continue;
      }
      if (upstream !== undefined && task.run_if !== 'ALL_DONE') {
        this.finishTask(record, terminated('UPSTREAM_FAILED', `Upstream task ${upstream} did not succeed.`), { ok: false, logs: '' });
        outcomes.set(task.task_key, 'UPSTREAM_FAILED');
        continue;
      }
      record.state = running();
      record.start_time = this.context.now();
      this.context.store.save();
      const taskTimeout = typeof task.timeout_seconds === 'number' && task.timeout_seconds > 0 ? task.timeout_seconds : timeoutSeconds;
      const outcome = await runTask(task, parameters, taskTimeout ? taskTimeout * 1000 : undefined, can).catch(
        (error: unknown): TaskOutcome => ({ ok: false, logs: '', error: `dataops local: ${error instanceof Error ? error.message : String(error)}` }),
      );
      const result: RunResultState = controller.signal.aborted ? 'CANCELED' : outcome.excluded ? 'EXCLUDED' : outcome.ok ? 'SUCCESS' : 'FAILED';
      outcomes.set(task.task_key, result);
      const message = result === 'CANCELED' ? 'Run cancelled.' : result === 'FAILED' ? (outcome.error ?? 'Workload failed, see run output for details') : outcome.excluded ? outcome.logs.trim() : '';
      this.finishTask(record, terminated(result, message, result === 'CANCELED'), outcome);
    }
    run.end_time = this.context.now();
    run.state = overallState(run.tasks ?? [], controller.signal.aborted);
    this.context.store.save();
  }

  private finishTask(record: StoredTaskRun, state: RunState, outcome: TaskOutcome): void {
    record.state = state;
    record.end_time = this.context.now();
    if (record.state.result_state === 'UPSTREAM_FAILED' || record.state.result_state === 'CANCELED') record.start_time = record.end_time;
    record.logs = outcome.logs;
    if (outcome.error) record.error = outcome.error;
    if (outcome.errorTrace) record.error_trace = outcome.errorTrace;
    if (outcome.notebookResult !== undefined) record.notebook_result = outcome.notebookResult;
    this.context.store.save();
  }
}

function overallState(tasks: StoredTaskRun[], canceled: boolean): RunState {
  if (canceled) return terminated('CANCELED', 'Run cancelled.', true);
  const failed = tasks.find((task) => task.state.result_state === 'FAILED');
  if (failed) return terminated('FAILED', `Task ${failed.task_key} failed with message: ${failed.error ?? 'Workload failed, see run output for details'}`);
  const upstream = tasks.find((task) => task.state.result_state === 'UPSTREAM_FAILED');
  if (upstream) return terminated('FAILED', upstream.state.state_message);
  const excluded = tasks.filter((task) => task.state.result_state === 'EXCLUDED').map((task) => task.task_key);
  return terminated('SUCCESS', excluded.length > 0 ? `Not run by dataops local: ${excluded.join(', ')}` : '');
}

function dependenciesOf(task: JobTask): string[] {
  return ((task.depends_on as Array<{ task_key: string }> | undefined) ?? []).map((dependency) => dependency.task_key);
}

/** The tasks in an order where each comes after the tasks it depends on (a cycle keeps the given order). */
function inDependencyOrder(tasks: JobTask[]): JobTask[] {
  const byKey = new Map(tasks.map((task) => [task.task_key, task]));
  const ordered: JobTask[] = [];
  const seen = new Set<string>();
  const visit = (task: JobTask, path: Set<string>): void => {
    if (seen.has(task.task_key) || path.has(task.task_key)) return;
    path.add(task.task_key);
    for (const key of dependenciesOf(task)) {
      const dependency = byKey.get(key);
      if (dependency) visit(dependency, path);
    }
    seen.add(task.task_key);
    ordered.push(task);
  };
  for (const task of tasks) visit(task, new Set());
  return ordered;
}
