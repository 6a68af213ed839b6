/**
 * Plan files on disk: `dataops plan --out` writes one; `dataops deploy --plan` reads it back,
 * hands the CLI's own plan to `databricks bundle deploy --plan` (which accepts no other
 * fields) and asks the deployment state which serial the deploy would start from.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedTarget } from '../core/bundle/model.js';
import type { ReviewedPlan } from '../core/deploy/flow.js';
import { UsageError } from '../core/errors.js';
import { targetPlaces } from '../core/guard/resources.js';
import { readPlanFile, type PlanFile } from '../core/plan/plan-file.js';
import { readDeploymentState } from './deployment-state.js';
import type { Project } from './project.js';
import { connectWorkspace } from './workspace/client.js';

/** `file` relative to the command's working directory (`--cwd`), as `deploy --plan` reads it. */
export function writePlanFile(cwd: string, file: string, plan: PlanFile): void {
  writeFileSync(path.resolve(cwd, file), `${JSON.stringify(plan, null, 2)}\n`);
}

export async function openReviewedPlan(file: string, ctx: { cwd: string; project: Project }): Promise<ReviewedPlan> {
  const full = path.resolve(ctx.cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { location: { file }, hint: 'write one with dataops plan -t <target> --out plan.json' });
  }
  const read = readPlanFile(text);
  if (!read.ok) throw new UsageError(`${file} is not a dataops plan: ${read.problem}`, { location: { file }, hint: 'write one with dataops plan -t <target> --out plan.json' });
  const cliPlanPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'dataops-plan-')), 'cli-plan.json');
  writeFileSync(cliPlanPath, JSON.stringify(read.file.cli_plan));
  return {
    file: read.file,
    cliPlanPath,
    stateSerial: async (resolved: ResolvedTarget) => {
      const { project } = ctx;
      const client = await connectWorkspace(project.env);
      const places = targetPlaces(resolved);
      const state = await readDeploymentState(client, { statePath: places.statePath, rootPath: places.rootPath, rootDir: project.root(), target: resolved.target ?? read.file.target, env: project.env });
      return state.serial;
    },
  };
}
