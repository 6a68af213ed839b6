/**
 * A deployment resolved as the CLI resolves it when it is connected: first offline, then with
 * the values of its variable lookups (`lookup: {warehouse: …}`) read from the workspace.
 * Commands that work against a workspace (guard now; deploy, verify and plan should too)
 * resolve through this.
 */
import { pendingLookups, resolveLookups, type LookupDirectory } from '../core/bundle/lookups.js';
import type { Vars } from '../core/bundle/var-flags.js';
import type { Deployment, Project } from './project.js';

export async function withLookups(project: Project, deployment: Deployment, directory: LookupDirectory, userVars: Vars = []): Promise<Deployment> {
  const { resolved } = deployment;
  const pending = pendingLookups(resolved);
  if (pending.length === 0 || resolved.diagnostics.some((d) => d.severity === 'error')) return deployment;
  const { values, errors } = await resolveLookups(pending, directory);
  // As in the CLI, a lookup that fails stops the resolution: its errors are the target's.
  if (errors.length > 0) return { ...deployment, resolved: { ...resolved, diagnostics: [...resolved.diagnostics, ...errors] } };
  return project.deployment(deployment.target, [...userVars, ...values]);
}
