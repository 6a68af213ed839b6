/**
 * Wires job runs and pipeline updates to the rest of the local workspace: sources from its
 * file tree, SQL through its warehouse (so statements show on the warehouse page), Python
 * with the credentials of the identity the run belongs to.
 */
import type { StatementParameter } from '../../core/workspace-api.js';
import type { LocalContext } from '../api/context.js';
import type { InternalExecute } from '../api/statements.js';
import type { WorkspaceTree } from '../api/workspace.js';
import type { IdentityFile } from '../identities.js';
import { databricksParseError } from '../sql/dialect.js';
import { RunExecutor } from './executor.js';
import { PipelineUpdates } from './pipeline-update.js';
import { runPython, type PythonRequest } from './python.js';

export interface Runners {
  executor: RunExecutor;
  pipelineUpdates: PipelineUpdates;
}

export function createRunners(context: LocalContext, tree: WorkspaceTree, identities: IdentityFile, execute: InternalExecute): Runners {
  const readFile = (path: string): string | undefined => {
    const object = tree.get(path);
    return object?.content !== undefined && object.info.object_type !== 'DIRECTORY' ? Buffer.from(object.content, 'base64').toString('utf8') : undefined;
  };
  const anyWarehouse = (): string => Object.keys(context.store.state.warehouses)[0] ?? '';
  const pythonAs = (userName: string) => (request: Omit<PythonRequest, 'workspace'>) => {
    const identity = Object.values(identities).find((stored) => stored.identity.userName === userName) ?? identities.developer;
    return runPython({ ...request, workspace: { host: context.baseUrl(), token: identity.token, warehouseId: anyWarehouse() } });
  };
  const pipelineCapabilities = (userName: string) => ({
    readFile,
    python: pythonAs(userName),
    sqlParseError: async (sql: string) => {
      const error = await databricksParseError(sql);
      return error ? { message: error.message, ...(error.line !== undefined ? { line: error.line, column: error.column } : {}) } : undefined;
    },
  });
  const pipelineUpdates = new PipelineUpdates(context, (pipelineId) =>
    pipelineCapabilities(context.store.state.pipelines[pipelineId]?.run_as_user_name ?? identities.developer.identity.userName),
  );
  const executor = new RunExecutor(context, (run, signal) => ({
    readFile,
    python: pythonAs(run.creator_user_name),
    sql: async (warehouseId, sql, parameters) => {
      const bound: StatementParameter[] = Object.entries(parameters).map(([name, value]) => ({ name, value }));
      const result = await execute(warehouseId, sql, bound, `job ${run.job_id}, run ${run.run_id}`);
      return { rows: result.rows.length };
    },
    // Saved queries come with the SQL resource APIs; until a workspace has them, a query task says it cannot find its query.
    savedQuery: (id) => (context.store.state as { queries?: Record<string, { query_text?: string }> }).queries?.[id]?.query_text,
    pipelineUpdate: async (pipelineId, fullRefresh) => {
      if (!context.store.state.pipelines[pipelineId]) return { ok: false, updateId: '-', error: `Pipeline ${pipelineId} does not exist.` };
      const { update, done } = pipelineUpdates.start(pipelineId, 'JOB_TASK', fullRefresh);
      signal.addEventListener('abort', () => pipelineUpdates.cancel(update), { once: true });
      const result = await done;
      return { ...result, updateId: update.update_id };
    },
    signal,
  }));
  executor.recover();
  pipelineUpdates.recover();
  return { executor, pipelineUpdates };
}
