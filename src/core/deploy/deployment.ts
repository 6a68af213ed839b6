import type { ResolvedTarget } from '../bundle/model.js';
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
}
