/**
 * The CLI's validate:SingleNodeCluster: `num_workers: 0` makes a single-node cluster only with
 * the Spark settings and tag that say so (or `is_single_node`, or a policy that sets them);
 * without them the cluster starts a driver that waits for workers forever.
 */
import type { Dyn } from '../dyn/value.js';
import { forEachByPattern, type PatternPart } from '../dyn/path.js';
import { addWarning, type Mutator } from '../state.js';

const CLUSTERS: readonly PatternPart[][] = [
  ['resources', 'clusters', '*'],
  ['resources', 'jobs', '*', 'job_clusters', '[*]', 'new_cluster'],
  ['resources', 'jobs', '*', 'tasks', '[*]', 'new_cluster'],
  ['resources', 'jobs', '*', 'tasks', '[*]', 'for_each_task', 'task', 'new_cluster'],
  ['resources', 'pipelines', '*', 'clusters', '[*]'],
];

const DETAIL = `num_workers should be 0 only for single-node clusters. To create a
valid single node cluster please ensure that the following properties
are correctly set in the cluster specification:

  spark_conf:
    spark.databricks.cluster.profile: singleNode
    spark.master: local[*]

  custom_tags:
    ResourceClass: SingleNode
  `;

export const singleNodeCluster: Mutator = {
  name: 'validate:SingleNodeCluster',
  apply(state) {
    for (const pattern of CLUSTERS) {
      forEachByPattern(state.root, pattern, (path, cluster) => {
        if (!misconfigured(cluster)) return;
        addWarning(state, { summary: 'Single node cluster is not correctly configured', detail: DETAIL, locations: cluster.locs, paths: [path] });
      });
    }
  },
};

function misconfigured(cluster: Dyn): boolean {
  const workers = cluster.get('num_workers');
  if (workers?.kind !== 'int' || Number(workers.raw) > 0) return false;
  if (cluster.get('is_single_node')?.raw === true) return false;
  if ((cluster.get('policy_id')?.asString() ?? '') !== '') return false;
  const conf = (key: string): string | undefined => cluster.get('spark_conf')?.get(key)?.asString();
  if (conf('spark.databricks.cluster.profile') !== 'singleNode') return true;
  if (!(conf('spark.master') ?? '').startsWith('local')) return true;
  return cluster.get('custom_tags')?.get('ResourceClass')?.asString() !== 'SingleNode';
}
