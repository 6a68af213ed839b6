/**
 * Writes `dataops-ids.json` beside a target's deployment state after a deploy: the ids of
 * every deployed resource, which the guard reads when the state itself is lost. Failing to
 * write it does not fail the deploy (that already succeeded); the caller warns.
 */
import type { DeploySummary } from '../core/deploy/summary.js';
import { DEPLOYED_IDS_FILE, deployedIdsText } from '../core/guard/state.js';
import type { WorkspaceClient } from './workspace/client.js';

export async function writeDeployedIds(client: WorkspaceClient, summary: DeploySummary): Promise<void> {
  if (!summary.statePath) return;
  const folder = summary.statePath.replace(/\/+$/, '');
  await client.workspace.importFile(`${folder}/${DEPLOYED_IDS_FILE}`, Buffer.from(deployedIdsText(summary.resources)), { overwrite: true });
}
