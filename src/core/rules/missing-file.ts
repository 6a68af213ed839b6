import type { LocalPath } from '../bundle/model.js';
import { isObject } from './config.js';
import type { Problem, Rule, RuleContext } from './rule.js';

/** Extensions the CLI tries for a notebook written without one. */
const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb', '.sql', '.scala', '.r', '.R'];
/** Fields that name a directory rather than a file. */
const DIRECTORIES = new Set(['project_directory', 'source_code_path', 'root_path']);
/** Library files an `artifacts` build may create at deploy time. */
const BUILT = new Set(['whl', 'jar']);

function fieldOf(local: LocalPath): string {
  return [...local.path].reverse().find((part): part is string => typeof part === 'string') ?? '';
}

function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

function found(path: string, field: string, { files }: RuleContext): boolean {
  if (hasGlob(path)) {
    const slash = path.search(/[*?[]/);
    const staticDir = path.slice(0, path.lastIndexOf('/', slash) + 1).replace(/\/$/, '');
    // `**` crosses directories, which the file listing cannot follow: its fixed part must exist at least.
    if (path.includes('**')) return staticDir === '' || files.exists(staticDir) || files.glob(`${staticDir}/*`).length > 0;
    return files.glob(path).length > 0;
  }
  if (files.exists(path)) return true;
  if (DIRECTORIES.has(field)) return files.glob(`${path}/*`).length > 0;
  // Notebooks may be written without their extension.
  return !/\.[A-Za-z0-9]+$/.test(path) && NOTEBOOK_EXTENSIONS.some((extension) => files.exists(path + extension));
}

const KIND: Record<string, string> = {
  notebook_path: 'notebook',
  python_file: 'python file',
  file_path: 'dashboard file',
  whl: 'wheel',
  jar: 'jar',
  requirements: 'requirements file',
  project_directory: 'directory',
  source_code_path: 'directory',
};

export const missingFile: Rule = {
  id: 'missing-file',
  severity: 'error',
  doc: {
    summary: 'A notebook, python file, SQL file, library, wheel or dashboard file that does not exist',
    description:
      'Paths in a bundle are relative to the file that defines them. A path that points nowhere (a renamed notebook, a `../` too few, a dashboard exported under another name) is only noticed when the deployment uploads files or, worse, when the job runs. The rule checks every local path of jobs, pipelines and dashboards; wheels and jars are skipped when the bundle builds artifacts, since those files appear at deploy time.',
    bad: '# resources/ingest.yml\nresources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebook_task:\n            notebook_path: src/ingest.py   # resolves to resources/src/ingest.py\n# src/ingest.py\nprint("ingest")',
    good: '# resources/ingest.yml\nresources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebook_task:\n            notebook_path: ../src/ingest.py\n# src/ingest.py\nprint("ingest")',
  },
  check(context) {
    const buildsArtifacts = isObject(context.target.config.artifacts) && Object.keys(context.target.config.artifacts).length > 0;
    const problems: Problem[] = [];
    for (const local of context.target.localPaths) {
      if (local.local === null) continue;
      const field = fieldOf(local);
      if (BUILT.has(field) && buildsArtifacts) continue;
      if (found(local.local, field, context)) continue;
      const kind = KIND[field] ?? (local.local.endsWith('.sql') ? 'SQL file' : 'file');
      problems.push({
        message: `${kind} ${local.local} does not exist (written as ${local.written})`,
        location: local.location,
        hint: 'paths are relative to the YAML file that contains them; fix the path or add the file',
      });
    }
    return problems;
  },
};
