/**
 * The `plan` section of dataops.yml: which planned actions need an explicit approval in
 * which target, and the pull-request label that approves them.
 */
import type { JsonObject } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import type { TargetKind } from '../deploy/target-kind.js';

/** What a policy can gate: the plan's actions and its flags. */
export const GATEABLE = ['create', 'update', 'rename', 'recreate', 'delete', 'permissions', 'run_as'] as const;
export type Gateable = (typeof GATEABLE)[number];

/** Production targets without a setting of their own. */
export const PRODUCTION_DEFAULT: readonly Gateable[] = ['delete', 'recreate'];
export const DEFAULT_APPROVAL_LABEL = 'dataops:approve-plan';

export interface PlanSettings {
  /** Target name → what needs approval there; targets not named take the default of their kind. */
  approvals: Readonly<Record<string, readonly Gateable[]>>;
  approvalLabel: string;
}

export const PLAN_SETTINGS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Settings of `dataops plan` (and `dataops deploy --plan`). Default: production targets need an approval for deletes and recreates, other targets for nothing; the label is dataops:approve-plan.',
  additionalProperties: false,
  properties: {
    require_approval: {
      type: 'object',
      description:
        'Per target name, the planned actions (create, update, rename, recreate, delete) and changes (permissions, run_as) that make `dataops plan` exit 1 until approved, by the label or --approve <resource key>. `[]`: nothing needs approval. Default: production targets [delete, recreate], others [].',
      additionalProperties: { type: 'array', items: { enum: [...GATEABLE] }, uniqueItems: true },
      default: {},
    },
    approval_label: {
      type: 'string',
      minLength: 1,
      description:
        'The pull-request label that approves every gated action of the plan. It counts only when the person who applied it may release (write, maintain or admin, as /release checks) and applied it after the head was pushed (dated by its first check suite, which a committer cannot backdate). Default: dataops:approve-plan.',
      default: DEFAULT_APPROVAL_LABEL,
    },
  },
};

export function planSettings(raw: JsonObject): PlanSettings {
  const section = isObject(raw.plan) ? raw.plan : {};
  const approvals: Record<string, Gateable[]> = {};
  if (isObject(section.require_approval)) {
    for (const [target, actions] of Object.entries(section.require_approval)) {
      approvals[target] = Array.isArray(actions) ? actions.filter((a): a is Gateable => typeof a === 'string' && (GATEABLE as readonly string[]).includes(a)) : [];
    }
  }
  return { approvals, approvalLabel: typeof section.approval_label === 'string' ? section.approval_label : DEFAULT_APPROVAL_LABEL };
}

/** What needs approval in this target. */
export function gatedIn(settings: PlanSettings, target: string, kind: TargetKind): ReadonlySet<string> {
  return new Set(settings.approvals[target] ?? (kind === 'production' ? PRODUCTION_DEFAULT : []));
}
