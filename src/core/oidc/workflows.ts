/**
 * Which jobs of a repository's workflows ask GitHub for an OIDC token (`id-token: write`,
 * on the job or inherited from the workflow) and in which environment they run: the
 * environments a federation policy is needed for.
 */
import { parse } from 'yaml';

export interface WorkflowFile {
  /** Relative path, e.g. `.github/workflows/staging.yml`. */
  path: string;
  text: string;
}

export interface OidcJob {
  workflow: string;
  job: string;
  /** The environment's name; null when the job has none (its subject is then by ref or event). */
  environment: string | null;
  /** The name is an expression (`${{ … }}`): no subject can be computed ahead of the run. */
  dynamic: boolean;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

function writesIdToken(permissions: unknown): boolean {
  if (permissions === 'write-all') return true;
  return isNode(permissions) && permissions['id-token'] === 'write';
}

export function oidcJobs(files: readonly WorkflowFile[]): OidcJob[] {
  const jobs: OidcJob[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(file.text);
    } catch {
      continue; // actionlint and GitHub report a broken workflow; it asks for no token.
    }
    if (!isNode(doc) || !isNode(doc.jobs)) continue;
    for (const [name, job] of Object.entries(doc.jobs)) {
      // A call of a reusable workflow: its own jobs are listed from its file.
      if (!isNode(job) || typeof job.uses === 'string') continue;
      const permissions = 'permissions' in job ? job.permissions : doc.permissions;
      if (!writesIdToken(permissions)) continue;
      const env = job.environment;
      const environment = typeof env === 'string' ? env : isNode(env) && typeof env.name === 'string' ? env.name : null;
      jobs.push({ workflow: file.path, job: name, environment, dynamic: environment !== null && environment.includes('${{') });
    }
  }
  return jobs;
}
