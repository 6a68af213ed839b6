/**
 * Which object ids the other deployments of a bundle record: the deployments in every user's
 * folder and the shared one (their state files under `/Workspace/Users/<user>/.bundle/<bundle>/`
 * and `/Workspace/Shared/.bundle/<bundle>/`) and every deployment the server-side deployment
 * metadata knows. A deployment at a root path of its own elsewhere is not found this way. Objects without a deployment block of their own
 * (schemas, volumes, scopes…) are told apart from hand-made ones this way.
 */
import { mapBounded } from '../../core/guard/concurrency.js';
import { withoutWorkspacePrefix } from '../../core/guard/deployment-metadata.js';
import type { WorkspaceClient } from './client.js';
import { readDeploymentMetadata } from './deployment-metadata.js';
import { orMissing } from './not-found.js';
import { listDeploymentFolders, readRemoteState } from './sandbox-deployments.js';

const CONCURRENCY = 8;

export async function recordedByOtherDeployments(client: WorkspaceClient, own: { bundleName: string; rootPath: string }): Promise<Record<string, string>> {
  const ours = withoutWorkspacePrefix(own.rootPath);
  const recorded: Record<string, string> = {};
  const [folders, shared, metadata] = await Promise.all([listDeploymentFolders(client, own.bundleName), sharedRoots(client, own.bundleName), readDeploymentMetadata(client, (d) => d.status !== 'DEPLOYMENT_STATUS_DELETED')]);
  const others = [...folders, ...shared].filter((folder) => withoutWorkspacePrefix(folder.rootPath) !== ours);
  const states = await mapBounded(others, CONCURRENCY, (folder) => readRemoteState(client, folder.rootPath));
  others.forEach((folder, index) => {
    for (const entry of Object.values(states[index]?.entries ?? {})) recorded[entry.id] ??= withoutWorkspacePrefix(folder.rootPath);
  });
  for (const deployment of metadata ?? []) {
    if (deployment.rootPath === ours || deployment.status === 'DEPLOYMENT_STATUS_DELETED') continue;
    for (const id of Object.values(deployment.ids)) recorded[id] ??= `${deployment.displayName || deployment.name} at ${deployment.rootPath}`;
  }
  return recorded;
}

/** `/Workspace/Shared/.bundle/<bundle>/<target>`: where shared targets (staging, production) usually deploy. */
async function sharedRoots(client: WorkspaceClient, bundleName: string): Promise<Array<{ rootPath: string }>> {
  const listed = await orMissing(client.workspace.list(`/Workspace/Shared/.bundle/${bundleName}`), []);
  return listed.filter((o) => o.object_type === 'DIRECTORY').map((o) => ({ rootPath: o.path }));
}
