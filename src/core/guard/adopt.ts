/**
 * `dataops guard --adopt`: which conflicting objects the target takes into its deployment
 * state (`databricks bundle deployment bind <key> <id>`), so the next deploy updates them
 * instead of creating a twin or failing on a taken name.
 *
 * - `--adopt` alone adopts what this target deployed and lost from its state (untracked);
 * - `--adopt <type.key>` (or `<key>`) names one resource whose single object in the way is
 *   adopted even when it was made by hand (unmanaged);
 * - an object another bundle deployment records is never adopted: that would take it over;
 * - a production target adopts only as its service principal in CI, as it deploys.
 */
import { isServicePrincipalName } from '../bundle/identity.js';
import type { ResourceVerdict } from './classify.js';
import type { GuardReport } from './run.js';

export interface AdoptRequest {
  /** Resource keys named with --adopt; empty: every untracked object. */
  named: readonly string[];
  production: boolean;
  /** The identity the workspace reports for the credentials in use. */
  userName: string;
  ci: boolean;
}

export interface Binding {
  /** `schemas.sales`, for people. */
  resource: string;
  /** The bundle's resource key, as `bundle deployment bind` takes it. */
  key: string;
  id: string;
  relation: 'untracked' | 'unmanaged';
}

export type AdoptPlan = { ok: true; bindings: Binding[]; skipped: string[] } | { ok: false; reason: string; hint: string };

export function planAdoption(report: GuardReport, request: AdoptRequest): AdoptPlan {
  if (request.production && !(request.ci && isServicePrincipalName(request.userName))) {
    return {
      ok: false,
      reason: `production target ${report.target} adopts objects only as its service principal in CI (${request.userName}${request.ci ? '' : ', CI is not true'})`,
      hint: 'let the release workflow run dataops guard --adopt, as it runs the deploy',
    };
  }
  const named = new Set(request.named);
  const isNamed = (r: ResourceVerdict): boolean => named.has(r.resource.key) || named.has(`${r.resource.type}.${r.resource.key}`);
  const unknown = request.named.filter((name) => !report.resources.some((r) => r.resource.key === name || `${r.resource.type}.${r.resource.key}` === name));
  if (unknown.length > 0) return { ok: false, reason: `--adopt names no resource of ${report.target}: ${unknown.join(', ')}`, hint: 'name it as type.key, e.g. schemas.sales' };

  const bindings: Binding[] = [];
  const skipped: string[] = [];
  for (const r of report.resources) {
    if (named.size > 0 && !isNamed(r)) continue;
    const label = `${r.resource.type}.${r.resource.key}`;
    const foreign = r.matches.filter((m) => m.relation !== 'owned');
    const [only] = foreign;
    if (r.verdict !== 'conflict' && r.verdict !== 'allowed') {
      if (named.size > 0) skipped.push(`${label}: nothing to adopt (${r.verdict})`);
      continue;
    }
    if (foreign.length !== 1 || !only) {
      skipped.push(`${label}: ${foreign.length} objects carry its name; delete or rename all but one, then adopt it`);
      continue;
    }
    if (only.relation === 'other-bundle') {
      skipped.push(`${label}: ${only.id} belongs to another bundle deployment (${only.why}); adopting it would take it over`);
      continue;
    }
    if (only.relation === 'unmanaged' && !isNamed(r)) {
      skipped.push(`${label}: ${only.id} was made outside any bundle; adopt it only by naming it: --adopt ${label}`);
      continue;
    }
    if (only.relation === 'untracked' || only.relation === 'unmanaged') bindings.push({ resource: label, key: r.resource.key, id: only.id, relation: only.relation });
  }
  return { ok: true, bindings, skipped };
}
