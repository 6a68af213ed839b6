/**
 * Every deployment of one bundle under the users' bundle folders
 * (`/Workspace/Users/<user>/.bundle/<bundle>/<root>/state`), with the state files that say
 * what it is, and the calls `dataops sandbox gc` needs to remove one.
 */
import type { DeploymentState } from '../../core/guard/model.js';
import { chooseDeploymentState, type StateFile } from '../../core/guard/state.js';
import { mapBounded } from '../../core/guard/concurrency.js';
import type { DeploymentFolder } from '../../core/sandbox/inventory.js';
import type { StateResource } from '../../core/sandbox/teardown.js';
import type { ObjectInfo } from '../../core/workspace-api.js';
import type { WorkspaceClient } from './client.js';
import { orMissing, readWorkspaceText } from './not-found.js';

const CONCURRENCY = 8;
const USERS = '/Workspace/Users';

const directories = (objects: readonly ObjectInfo[]): ObjectInfo[] => objects.filter((o) => o.object_type === 'DIRECTORY');
const baseName = (p: string): string => p.split('/').filter(Boolean).at(-1) ?? p;

export async function listDeploymentFolders(client: WorkspaceClient, bundleName: string): Promise<DeploymentFolder[]> {
  const users = directories(await orMissing(client.workspace.list(USERS), []));
  const perUser = await mapBounded(users, CONCURRENCY, async (user) =>
    directories(await orMissing(client.workspace.list(`${USERS}/${baseName(user.path)}/.bundle/${bundleName}`), [])).map((root) => ({ user: baseName(user.path), root })),
  );
  const folders = await mapBounded(perUser.flat(), CONCURRENCY, async ({ user, root }): Promise<DeploymentFolder | null> => {
    const rootPath = `${USERS}/${user}/.bundle/${bundleName}/${baseName(root.path)}`;
    const state = await orMissing(client.workspace.list(`${rootPath}/state`), []);
    const files = new Map(state.map((o) => [baseName(o.path), o]));
    if (!files.has('metadata.json')) return null;
    const [metadata, deployment] = await Promise.all([readWorkspaceText(client, `${rootPath}/state/metadata.json`), readWorkspaceText(client, `${rootPath}/state/deployment.json`)]);
    const modified = files.get('deployment.json')?.modified_at ?? files.get('metadata.json')?.modified_at ?? null;
    return { user, rootPath, metadata, deployment, modifiedAt: modified };
  });
  return folders.filter((f): f is DeploymentFolder => f !== null);
}

/** The deployment state in a root's `state` folder, chosen as the CLI would (remote files only). */
export async function readRemoteState(client: WorkspaceClient, rootPath: string): Promise<DeploymentState> {
  const [direct, terraform, metadata] = await Promise.all(['resources.json', 'terraform.tfstate', 'metadata.json'].map((name) => readWorkspaceText(client, `${rootPath}/state/${name}`)));
  const files: StateFile[] = [];
  if (terraform !== undefined) files.push({ engine: 'terraform', where: 'remote', text: terraform });
  if (direct !== undefined) files.push({ engine: 'direct', where: 'remote', text: direct });
  return chooseDeploymentState(files, metadata);
}

/** Deletes one job, pipeline or dashboard (dashboards go to the trash); true when it was still there. */
export async function removeResource(client: WorkspaceClient, resource: StateResource): Promise<boolean> {
  const remove = (): Promise<void> => {
    if (resource.type === 'jobs') return client.jobs.delete(Number(resource.id));
    if (resource.type === 'pipelines') return client.pipelines.delete(resource.id);
    return client.dashboards.trash(resource.id);
  };
  return orMissing(
    remove().then(() => true),
    false,
  );
}

export async function removeFolder(client: WorkspaceClient, rootPath: string): Promise<void> {
  await orMissing(client.workspace.delete(rootPath, { recursive: true }), undefined);
}
