import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, ROOT, runAsync } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

/** The third-party actions the blueprint uses, and the stand-in folder act maps each to. */
const STAND_INS: Record<string, string> = {
  'actions/checkout': 'actions/checkout',
  'actions/setup-python': 'actions/setup-python',
  'databricks/setup-cli': 'databricks/setup-cli',
  'actions/upload-artifact': 'actions/upload-artifact',
  'actions/download-artifact': 'actions/download-artifact',
  'github/codeql-action': 'github/codeql-action',
  'googleapis/release-please-action': 'googleapis/release-please-action',
};

export interface ActOptions {
  /** The clone act runs in: its workflows, and the workspace the jobs share. */
  workdir: string;
  workflow: string;
  event: string;
  payload: Record<string, unknown>;
  env: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** Environment of the act process itself (PATH, HOME); jobs inherit it in self-hosted mode. */
  processEnv: Record<string, string>;
  logFile: string;
  /** A folder with this checkout's action.yml and install.sh: act copies an action's whole folder on every use. */
  dataopsAction: string;
  inputs?: Record<string, string>;
  actor?: string;
}

export interface ActRun {
  code: number;
  /** The command line (with the secrets it passes) and what act printed. */
  log: string;
  /** What act printed, with GitHub's masking of secrets: what a run's page would show. */
  output: string;
  seconds: number;
}

/**
 * `--local-repository` for every `uses:` of the project's workflows: third-party actions to
 * their stand-ins in test/actions, dataops' own action to this checkout (the real one).
 */
export function actionMappings(workflowsDir: string, workflowFiles: readonly string[], dataopsAction: string): string[] {
  const mappings = new Set<string>();
  for (const file of workflowFiles) {
    const text = readFileSync(path.join(workflowsDir, file), 'utf8');
    for (const [, uses] of text.matchAll(/^\s*(?:-\s+)?uses:\s+(\S+)/gm)) {
      if (!uses || uses.startsWith('./')) continue;
      const [slug = '', ref = ''] = uses.split('@');
      const repository = slug.split('/').slice(0, 2).join('/');
      if (repository === 'dataops-platform/dataops') mappings.add(`${repository}@${ref}=${dataopsAction}`);
      else if (STAND_INS[repository]) mappings.add(`${repository}@${ref}=${path.join(ROOT, 'test', 'actions', STAND_INS[repository])}`);
      else throw new Error(`${file} uses ${uses}, which has no stand-in in test/actions: add one typed from its action.yml`);
    }
  }
  return [...mappings];
}

/** Runs one workflow with act in self-hosted mode (no Docker, nothing beyond 127.0.0.1). */
export async function runAct(options: ActOptions): Promise<ActRun> {
  const workflowsDir = path.join(options.workdir, '.github', 'workflows');
  const eventFile = `${options.logFile}.event.json`;
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  writeFileSync(eventFile, JSON.stringify(options.payload, null, 2));
  const pairs = (flag: string, values: Record<string, string>): string[] => Object.entries(values).flatMap(([key, value]) => [flag, `${key}=${value}`]);
  const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
  const args = [
    options.event,
    '-W', path.join(workflowsDir, options.workflow),
    '-C', options.workdir,
    '-e', eventFile,
    '-P', 'ubuntu-24.04=-self-hosted',
    '--no-skip-checkout',
    '--action-offline-mode',
    '--no-cache-server',
    '--concurrent-jobs', '1',
    '--actor', options.actor ?? 'dana',
    // Owner and name come from this remote's URL; `origin` is the bare repository.
    '--remote-name', 'github',
    ...actionMappings(workflowsDir, files, options.dataopsAction).flatMap((mapping) => ['--local-repository', mapping]),
    ...pairs('--env', options.env),
    ...pairs('-s', options.secrets),
    ...pairs('--var', options.vars),
    ...pairs('--input', options.inputs ?? {}),
  ];
  const started = Date.now();
  const result = await runAsync(tool('act'), args, { cwd: options.workdir, env: { ...cleanEnv(process.env), ...options.processEnv }, timeoutMs: 600_000 });
  const output = `${result.stdout}${result.stderr}`;
  const log = `$ act ${args.join(' ')}\n\n${output}`;
  writeFileSync(options.logFile, log);
  return { code: result.code, log, output, seconds: (Date.now() - started) / 1000 };
}
