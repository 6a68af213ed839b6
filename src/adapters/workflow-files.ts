import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { WorkflowFile } from '../core/oidc/workflows.js';

/** The workflow files of the repository the command runs in: `.github/workflows` here or in the nearest parent that has one. */
export function readWorkflows(cwd: string): WorkflowFile[] {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const workflows = path.join(dir, '.github', 'workflows');
    if (existsSync(workflows)) {
      return readdirSync(workflows)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => ({ path: `.github/workflows/${name}`, text: readFileSync(path.join(workflows, name), 'utf8') }));
    }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) {
      throw new UsageError(`no .github/workflows in ${cwd} or above`, { hint: 'run dataops setup oidc in the project (dataops init writes the workflows)' });
    }
  }
}
