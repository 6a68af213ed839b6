/**
 * The Databricks CLI keeps one local copy of the deployment state per target
 * (`.databricks/bundle/<target>/`), whatever the root path. Sandboxes of several branches
 * share the target, so after a branch switch the CLI would take the other branch's state
 * for this one's and update (or destroy) the other sandbox's resources. Before a sandbox
 * deploy or destroy, a copy that belongs to another namespace is dropped: the CLI then
 * pulls this namespace's state from the workspace.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MARKER = 'dataops-namespace';

/** Returns true when a copy of another namespace (or an unknown one) was dropped. */
export function useLocalStateOf(bundleRoot: string, target: string, namespace: string): boolean {
  const dir = path.join(bundleRoot, '.databricks', 'bundle', target);
  const marker = path.join(dir, MARKER);
  const owner = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
  if (owner === namespace) return false;
  const dropped = existsSync(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, `${namespace}\n`);
  return dropped;
}
