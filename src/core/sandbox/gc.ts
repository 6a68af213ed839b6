/**
 * Which sandboxes `dataops sandbox gc` removes. A sandbox whose branch still exists on the
 * remote is live and always kept. Otherwise it goes when its branch is gone from the
 * remote, or, when its branch is unknown (no git, detached HEAD), when it was not deployed
 * for longer than the limit.
 */
import { UsageError } from '../errors.js';
import type { SandboxDeployment } from './inventory.js';
import type { StateResource, Teardown } from './teardown.js';

export interface GcDecision {
  sandbox: SandboxDeployment;
  destroy: boolean;
  reason: string;
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `14d`, `36h`, `2w`, `90m` → milliseconds. */
export function parseAge(text: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (!match) throw new UsageError(`--older-than ${text} is not an age`, { hint: 'write a number and a unit: 90m, 36h, 14d or 2w' });
  return Number(match[1]) * (UNITS[match[2] ?? 'd'] ?? 0);
}

function days(ms: number): string {
  const d = Math.floor(ms / UNITS.d!);
  return d === 1 ? '1 day' : `${d} days`;
}

export function decideGc(sandboxes: readonly SandboxDeployment[], remoteBranches: ReadonlySet<string>, remote: string, now: number, olderThanMs: number): GcDecision[] {
  return sandboxes.map((sandbox) => {
    const age = sandbox.lastDeploy === null ? null : now - Date.parse(sandbox.lastDeploy);
    if (sandbox.branch !== null && remoteBranches.has(sandbox.branch)) {
      return { sandbox, destroy: false, reason: `branch ${sandbox.branch} exists on ${remote}` };
    }
    if (sandbox.branch !== null) return { sandbox, destroy: true, reason: `branch ${sandbox.branch} no longer exists on ${remote}` };
    if (age === null) return { sandbox, destroy: false, reason: 'neither its branch nor its last deploy time is known' };
    if (age > olderThanMs) return { sandbox, destroy: true, reason: `branch unknown, last deployed ${days(age)} ago` };
    return { sandbox, destroy: false, reason: `branch unknown, deployed ${days(age)} ago` };
  });
}

export interface RemovalIo {
  teardown(sandbox: SandboxDeployment): Promise<Teardown>;
  /** Deletes one resource; false when it was already gone. */
  remove(resource: StateResource): Promise<boolean>;
  removeFolder(rootPath: string): Promise<void>;
  /** One line per thing done, as it happens. */
  report(line: string): void;
}

export interface Removal {
  rootPath: string;
  removed: StateResource[];
  left: StateResource[];
  folderRemoved: boolean;
  error: string | null;
}

/** Removes each sandbox decided for, one after the other; a failure is recorded and the next one goes on. */
export async function removeSandboxes(decisions: readonly GcDecision[], io: RemovalIo): Promise<Removal[]> {
  const removals: Removal[] = [];
  for (const { sandbox } of decisions.filter((d) => d.destroy)) {
    const removal: Removal = { rootPath: sandbox.rootPath, removed: [], left: [], folderRemoved: false, error: null };
    removals.push(removal);
    try {
      const plan = await io.teardown(sandbox);
      for (const resource of plan.remove) {
        const existed = await io.remove(resource);
        removal.removed.push(resource);
        io.report(`  ${existed ? 'deleted' : 'already gone:'} ${resource.type.replace(/s$/, '')} ${resource.key} (${resource.id})`);
      }
      removal.left = plan.leave;
      for (const resource of plan.leave) io.report(`  left ${resource.type} ${resource.key} (${resource.id}): dataops does not delete this type`);
      if (plan.leave.length === 0) {
        await io.removeFolder(sandbox.rootPath);
        removal.folderRemoved = true;
        io.report(`  removed ${sandbox.rootPath}`);
      } else {
        io.report(`  kept ${sandbox.rootPath} for the resources left; remove them, then run gc again`);
      }
    } catch (error) {
      removal.error = error instanceof Error ? error.message : String(error);
      io.report(`  failed: ${removal.error}`);
    }
  }
  return removals;
}
