/**
 * The checks `databricks bundle validate` runs after initialising (its fast_validate): a
 * task's job_cluster_key names a job cluster of its job, and a task that needs compute says
 * which (a job cluster, an environment, an existing or a new cluster).
 */
import type { Dyn } from '../dyn/value.js';
import { compareStrings } from '../dyn/merge.js';
import type { Path } from '../dyn/path.js';
import { addError, addWarning, type BundleState, type Mutator } from '../state.js';

const COMPUTE_FIELDS = ['job_cluster_key', 'environment_key', 'existing_cluster_id', 'new_cluster'] as const;

/** Tasks that run on a cluster or serverless compute (a notebook without a warehouse does too). */
const COMPUTE_TASKS = ['python_wheel_task', 'dbt_task', 'spark_jar_task', 'spark_submit_task', 'spark_python_task'];

function isSet(v: Dyn | undefined): boolean {
  return v !== undefined && v.kind !== 'nil' && !(v.kind === 'string' && v.str === '');
}

function jobsOf(state: BundleState): [string, Dyn][] {
  const jobs = state.root.get('resources')?.get('jobs');
  if (jobs?.kind !== 'map') return [];
  return [...jobs.entries].map(([key, pair]): [string, Dyn] => [key, pair.value]).sort(([a], [b]) => compareStrings(a, b));
}

function tasksOf(job: Dyn): Dyn[] {
  const tasks = job.get('tasks');
  return tasks?.kind === 'seq' ? [...tasks.items] : [];
}

export const jobClusterKeyDefined: Mutator = {
  name: 'validate:job_cluster_key_defined',
  apply(state) {
    for (const [key, job] of jobsOf(state)) {
      const clusters = job.get('job_clusters');
      const defined = new Set((clusters?.kind === 'seq' ? clusters.items : []).map((c) => c.get('job_cluster_key')?.asString() ?? '').filter((k) => k !== ''));
      tasksOf(job).forEach((task, index) => {
        const check = (at: Dyn | undefined, path: Path): void => {
          const name = at?.get('job_cluster_key');
          const value = name?.asString() ?? '';
          if (value === '' || defined.has(value)) return;
          addWarning(state, { summary: `job_cluster_key ${value} is not defined`, locations: name?.locs, paths: [path] });
        };
        const base = ['resources', 'jobs', key, 'tasks', index];
        check(task, [...base, 'job_cluster_key']);
        check(task.get('for_each_task')?.get('task'), [...base, 'for_each_task', 'task', 'job_cluster_key']);
      });
    }
  },
};

export const jobTaskClusterSpec: Mutator = {
  name: 'validate:job_task_cluster_spec',
  apply(state) {
    for (const [key, job] of jobsOf(state)) {
      tasksOf(job).forEach((task, index) => checkTask(state, task, ['resources', 'jobs', key, 'tasks', index]));
    }
  },
};

function checkTask(state: BundleState, task: Dyn, path: Path): void {
  const inner = task.get('for_each_task')?.get('task');
  if (inner) checkTask(state, inner, [...path, 'for_each_task', 'task']);
  if (!needsCompute(task) || COMPUTE_FIELDS.some((f) => isSet(task.get(f)))) return;
  // A notebook task may run on serverless compute without saying so.
  if (isSet(task.get('notebook_task'))) return;
  addError(state, {
    summary: 'Missing required cluster or environment settings',
    detail: `Task ${JSON.stringify(task.get('task_key')?.asString() ?? '')} requires a cluster or an environment to run.\nSpecify one of the following fields: ${COMPUTE_FIELDS.join(', ')}.`,
    locations: task.locs,
    paths: [path],
  });
}

function needsCompute(task: Dyn): boolean {
  const notebook = task.get('notebook_task');
  if (isSet(notebook)) return !isSet(notebook?.get('warehouse_id'));
  return COMPUTE_TASKS.some((field) => isSet(task.get(field)));
}
