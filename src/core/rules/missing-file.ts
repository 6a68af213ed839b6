import type { LocalPath } from '../bundle/model.js';
import { isObject } from '../bundle/config-values.js';
import type { Problem, Rule, RuleContext } from './rule.js';

/** Extensions the CLI tries for a notebook written without one. */
const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb', '.sql', '.scala', '.r', '.R'];
/** Fields that name a directory rather than a file. */
const DIRECTORIES = new Set(['project_directory', 'source_code_path', 'root_path']);
/** Wheels and jars: an `artifacts` build creates them at deploy time, or a build step puts them in dist/. */
const BUILT = /\.(whl|jar)$/;
/** Where Python builds (`uv build`, `python -m build`) and `pip download -d dist` put wheels; not committed. */
const BUILD_OUTPUT = /(^|\/)dist\//;

/** A library file the deployment builds or a documented step downloads, so its absence in a checkout is expected. */
function producedBeforeDeploy(local: LocalPath, buildsArtifacts: boolean): boolean {
  const path = local.local ?? '';
  return BUILT.test(path) && (buildsArtifacts || BUILD_OUTPUT.test(path));
}

/** An artifact's `path` is the directory its build runs in. */
function isDirectoryField(local: LocalPath): boolean {
  return DIRECTORIES.has(fieldOf(local)) || (local.path[0] === 'artifacts' && local.path[2] === 'path');
}

function fieldOf(local: LocalPath): string {
  return [...local.path].reverse().find((part): part is string => typeof part === 'string') ?? '';
}

function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

function found(path: string, directory: boolean, { files }: RuleContext): boolean {
  if (hasGlob(path)) {
    const slash = path.search(/[*?[]/);
    const staticDir = path.slice(0, path.lastIndexOf('/', slash) + 1).replace(/\/$/, '');
    // `**` crosses directories, which the file listing cannot follow: its fixed part must exist at least.
    if (path.includes('**')) return staticDir === '' || files.exists(staticDir) || files.glob(`${staticDir}/*`).length > 0;
    return files.glob(path).length > 0;
  }
  if (files.exists(path)) return true;
  if (directory) return path === '.' || files.glob(`${path}/*`).length > 0;
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
      'Paths in a bundle are relative to the file that defines them. A path that points nowhere (a renamed notebook, a `../` too few, a dashboard exported under another name) is only noticed when the deployment uploads files or, worse, when the job runs. The rule checks every local path of jobs, pipelines, dashboards and artifacts (an artifact path is a directory); wheels and jars are skipped when the bundle builds artifacts or they live in `dist/` (where builds and `pip download -d dist` put them), since those files appear before the deployment.',
    bad: '# resources/ingest.yml\nresources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebook_task:\n            notebook_path: src/ingest.py   # resolves to resources/src/ingest.py\n# src/ingest.py\nprint("ingest")',
    good: '# resources/ingest.yml\nresources:\n  jobs:\n    ingest:\n      tasks:\n        - task_key: main\n          notebook_task:\n            notebook_path: ../src/ingest.py\n# src/ingest.py\nprint("ingest")',
  },
  check(context) {
    const buildsArtifacts = isObject(context.target.config.artifacts) && Object.keys(context.target.config.artifacts).length > 0;
    const problems: Problem[] = [];
    for (const local of context.target.localPaths) {
      if (local.local === null) continue;
      const field = fieldOf(local);
      if (producedBeforeDeploy(local, buildsArtifacts)) continue;
      if (found(local.local, isDirectoryField(local), context)) continue;
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
