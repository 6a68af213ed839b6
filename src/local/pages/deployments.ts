/**
 * Who deployed an object, from which bundle and target: the deployment block the CLI sets on
 * jobs and pipelines points at the bundle's metadata file in the workspace, which names the
 * bundle, the target and the git branch. Dashboards carry no such block; their draft lives
 * under the deployment's root path.
 */
import type { WorkspaceState } from '../state.js';
import type { WorkspaceTree } from '../api/workspace.js';
import { canonical } from '../api/workspace.js';

export interface Deployment {
  /** The bundle's root path in the workspace, e.g. /Users/u/.bundle/sales/dev_u_main_1a2b. */
  root: string;
  user: string | undefined;
  bundle: string | undefined;
  target: string | undefined;
  branch: string | undefined;
}

interface Metadata {
  config?: { bundle?: { name?: string; target?: string; git?: { branch?: string } }; workspace?: { file_path?: string } };
}

const ROOT = /^(\/Users\/([^/]+)\/\.bundle\/([^/]+)\/[^/]+)/;

export function deploymentAt(tree: WorkspaceTree, metadataPath: string | undefined): Deployment | undefined {
  if (!metadataPath) return undefined;
  const path = canonical(metadataPath);
  const root = ROOT.exec(path);
  let metadata: Metadata = {};
  const stored = tree.get(path);
  try {
    if (stored?.content) metadata = JSON.parse(Buffer.from(stored.content, 'base64').toString('utf8')) as Metadata;
  } catch {
    metadata = {};
  }
  return {
    root: root?.[1] ?? path.replace(/\/state\/metadata\.json$/, ''),
    user: root?.[2],
    bundle: metadata.config?.bundle?.name ?? root?.[3],
    target: metadata.config?.bundle?.target,
    branch: metadata.config?.bundle?.git?.branch,
  };
}

/** The deployment a dashboard's draft sits in, found by its path under a bundle root. */
export function dashboardDeployment(tree: WorkspaceTree, state: WorkspaceState, parentPath: string): Deployment | undefined {
  const root = ROOT.exec(canonical(parentPath))?.[1];
  if (!root) return undefined;
  const sibling = [...Object.values(state.jobs).map((j) => j.settings.deployment?.metadata_file_path), ...Object.values(state.pipelines).map((p) => p.spec.deployment?.metadata_file_path)].find(
    (path) => path !== undefined && canonical(path).startsWith(`${root}/`),
  );
  return deploymentAt(tree, sibling ?? `${root}/state/metadata.json`);
}
