import type { Diagnostic, ResolvedTarget } from '../bundle/model.js';
import type { Vars } from '../bundle/var-flags.js';
import type { TargetKind } from './target-kind.js';

/** A target as a deploy of it sees it: what it is, its namespace, and the variables the CLI gets. */
export interface Deployment {
  target: string;
  kind: TargetKind;
  /** The sandbox namespace, for a sandbox whose bundle declares the `namespace` variable; else null. */
  namespace: string | null;
  /** The user's `--var`, after the namespace when there is one: exactly what the CLI is given. */
  vars: Vars;
  resolved: ResolvedTarget;
  /**
   * Online, the workspace did not answer these variable lookups (left as `${var.…}`): the guard
   * counts that as the workspace not being checked, closed for production.
   */
  unansweredLookups?: string;
  /**
   * Online, lookups the workspace answered with no object or several of that name: errors only
   * an online command sees (`dataops validate` is offline), so hints must not send people there.
   */
  failedLookups?: readonly Diagnostic[];
}
