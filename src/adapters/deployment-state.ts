/**
 * Reads a bundle target's deployment state the way `databricks bundle deploy` does before
 * it deploys: the direct engine's resources.json and the terraform engine's
 * terraform.tfstate, from the workspace (`workspace.state_path`) and from the local cache
 * (`.databricks/bundle/<target>`, or DATABRICKS_BUNDLE_TMP), plus the ids metadata.json,
 * dataops-ids.json and the server-side deployment metadata record.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeploymentState } from '../core/guard/model.js';
import { deploymentAt, deploymentRecords } from '../core/guard/deployment-metadata.js';
import { chooseDeploymentState, DEPLOYED_IDS_FILE, type StateFile } from '../core/guard/state.js';
import type { WorkspaceClient } from './workspace/client.js';
import { readDeploymentMetadata } from './workspace/deployment-metadata.js';
import { readWorkspaceText } from './workspace/not-found.js';

export interface StateLocation {
  /** `workspace.state_path` of the resolved target. */
  statePath: string;
  /** `workspace.root_path`: the server-side deployment metadata knows a deployment by it. */
  rootPath: string;
  /** The bundle root, for the local copy the CLI keeps. */
  rootDir: string;
  target: string;
  env: NodeJS.ProcessEnv;
}

export async function readDeploymentState(client: WorkspaceClient, where: StateLocation): Promise<DeploymentState> {
  const localDir = path.join(where.env.DATABRICKS_BUNDLE_TMP || path.join(where.rootDir, '.databricks', 'bundle'), where.target);
  const remote = (name: string): Promise<string | undefined> => readWorkspaceText(client, `${where.statePath.replace(/\/+$/, '')}/${name}`);
  const [directRemote, terraformRemote, metadata, deployedIds, directLocal, walLocal, terraformLocal, recorded] = await Promise.all([
    remote('resources.json'),
    remote('terraform.tfstate'),
    remote('metadata.json'),
    remote(DEPLOYED_IDS_FILE),
    readLocal(path.join(localDir, 'resources.json')),
    // The CLI writes its write-ahead log beside the local copy only.
    readLocal(path.join(localDir, 'resources.json.wal')),
    readLocal(path.join(localDir, 'terraform', 'terraform.tfstate')),
    readDeploymentMetadata(client, (deployment) => deploymentAt(deploymentRecords([deployment], []), where.rootPath) !== undefined),
  ]);
  const files: StateFile[] = [];
  const add = (engine: StateFile['engine'], where: StateFile['where'], text: string | undefined, wal?: string): void => {
    if (text !== undefined) files.push({ engine, where, text, ...(wal === undefined ? {} : { wal }) });
  };
  add('terraform', 'remote', terraformRemote);
  add('terraform', 'local', terraformLocal);
  add('direct', 'remote', directRemote);
  add('direct', 'local', directLocal, walLocal);
  return chooseDeploymentState(files, metadata, deploymentAt(recorded ?? [], where.rootPath)?.ids, deployedIds);
}

async function readLocal(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
