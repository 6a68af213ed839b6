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
      const fromMatrix = environment === null ? null : matrixValues(job, environment);
      if (fromMatrix) for (const value of fromMatrix) jobs.push({ workflow: file.path, job: name, environment: value, dynamic: false });
      else jobs.push({ workflow: file.path, job: name, environment, dynamic: environment !== null && environment.includes('${{') });
    }
  }
  return jobs;
}

/**
 * The environments an `environment: ${{ matrix.x }}` takes, when the matrix spells them out
 * (`x: [a, b]` or `include:` entries with `x`); null when the expression is anything else.
 */
function matrixValues(job: Record<string, unknown>, environment: string): string[] | null {
  const key = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(environment)?.[1];
  const matrix = key && isNode(job.strategy) ? job.strategy.matrix : undefined;
  if (!key || !isNode(matrix)) return null;
  const listed = Array.isArray(matrix[key]) ? (matrix[key] as unknown[]) : [];
  const included = Array.isArray(matrix.include) ? matrix.include.map((entry: unknown) => (isNode(entry) ? entry[key] : undefined)) : [];
  const values = [...listed, ...included];
  return values.length > 0 && values.every((v): v is string => typeof v === 'string') ? [...new Set(values)] : null;
}
