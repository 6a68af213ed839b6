/**
 * Sandbox deployments as the workspace keeps them: a development deployment's root under a
 * user's bundle folder (`/Workspace/Users/<user>/.bundle/<bundle>/<namespace>`), described
 * by the state files the Databricks CLI writes there (metadata.json, deployment.json).
 */
import type { JsonValue } from '../bundle/model.js';
import { isObject, stringAt } from '../bundle/config-values.js';

export interface SandboxDeployment {
  user: string;
  /** The branch the last deploy ran on, as the CLI recorded it; null when it did not know. */
  branch: string | null;
  namespace: string;
  target: string | null;
  /** The deployment's root folder in the workspace. */
  rootPath: string;
  /** ISO time of the last deploy; null when the state does not say. */
  lastDeploy: string | null;
}

export interface DeploymentFolder {
  user: string;
  rootPath: string;
  metadata: string | undefined;
  deployment: string | undefined;
  /** Milliseconds since the epoch the workspace reports for the state folder's files. */
  modifiedAt: number | null;
}

function parse(text: string | undefined): JsonValue | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A development deployment, or null for anything else (a staging copy, a folder without state). */
export function describeSandbox(folder: DeploymentFolder): SandboxDeployment | null {
  const metadata = parse(folder.metadata);
  const config = isObject(metadata) ? metadata.config : undefined;
  if (stringAt(config, ['bundle', 'mode']) !== 'development') return null;
  const deployment = parse(folder.deployment);
  const timestamp = stringAt(deployment, ['timestamp']);
  return {
    user: folder.user,
    branch: stringAt(config, ['bundle', 'git', 'branch']) || null,
    namespace: folder.rootPath.split('/').filter(Boolean).at(-1) ?? '',
    target: stringAt(config, ['bundle', 'target']) ?? null,
    rootPath: folder.rootPath,
    lastDeploy: timestamp ?? (folder.modifiedAt === null ? null : new Date(folder.modifiedAt).toISOString()),
  };
}

export function byUserAndBranch(a: SandboxDeployment, b: SandboxDeployment): number {
  return a.user.localeCompare(b.user) || (a.branch ?? '').localeCompare(b.branch ?? '') || a.rootPath.localeCompare(b.rootPath);
}
