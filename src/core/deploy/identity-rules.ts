/**
 * Who may deploy or destroy what. Production belongs to a service principal running in CI;
 * a person reaches it only through --break-glass, which is loud and notified. Shared
 * targets (staging) are deployed by CI, or by a person who says --yes.
 */
import { isServicePrincipalName } from '../bundle/identity.js';
import type { TargetKind } from './target-kind.js';

export type BundleAction = 'deploy' | 'destroy';

export interface IdentityRequest {
  action: BundleAction;
  target: string;
  kind: TargetKind;
  /** `userName` the workspace reports for the credentials in use. */
  userName: string;
  /** CI=true, as GitHub Actions and most CI systems set it. */
  ci: boolean;
  yes: boolean;
  /** The reason given with --break-glass, if any. */
  breakGlass?: string;
}

export type IdentityDecision =
  | { allowed: true; detail: string; breakGlass: string | null }
  | { allowed: false; reason: string; hint: string };

export function decideIdentity(request: IdentityRequest): IdentityDecision {
  const { action, target, kind, userName, ci, yes } = request;
  const who = `${isServicePrincipalName(userName) ? 'service principal' : 'user'} ${userName}`;
  if (kind === 'sandbox') return { allowed: true, detail: `sandbox target ${target}: ${who}`, breakGlass: null };
  if (action === 'destroy' && !yes) {
    return { allowed: false, reason: `destroying ${kind} target ${target} deletes shared resources and needs --yes`, hint: `run dataops destroy ${target} --yes if that is what you want` };
  }
  if (kind === 'staging') {
    if (ci || yes) return { allowed: true, detail: `${kind} target ${target}: ${who}${ci ? ' in CI' : ', confirmed with --yes'}`, breakGlass: null };
    return {
      allowed: false,
      reason: `${action === 'deploy' ? 'deploying to' : 'destroying'} ${kind} target ${target} outside CI needs --yes`,
      hint: `staging is deployed by CI on merge; to ${action} it from here anyway, add --yes`,
    };
  }
  const servicePrincipal = isServicePrincipalName(userName);
  if (servicePrincipal && ci) return { allowed: true, detail: `production target ${target}: ${who} in CI`, breakGlass: null };
  const reason = request.breakGlass?.trim();
  if (reason) return { allowed: true, detail: `production target ${target}: ${who}, BREAK-GLASS: ${reason}`, breakGlass: reason };
  const missing = [servicePrincipal ? undefined : `${who} is not a service principal`, ci ? undefined : 'CI is not true'].filter((m) => m !== undefined);
  return {
    allowed: false,
    reason: `production target ${target} is ${action === 'deploy' ? 'deployed' : 'destroyed'} only by a service principal in CI: ${missing.join(' and ')}`,
    hint: `let the release workflow do it; in an emergency add --break-glass "<reason>" (it is announced to the team)`,
  };
}
