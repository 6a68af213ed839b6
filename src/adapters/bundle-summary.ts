import type { JsonObject } from '../core/bundle/model.js';
import { varFlagArgs, type Vars } from '../core/bundle/var-flags.js';
import { ExternalError, UsageError } from '../core/errors.js';
import { NOT_FOUND, runProcess } from './process.js';

/** `databricks bundle summary -o json`: the target's resolved configuration with the ids of what is deployed. */
export interface BundleSummary {
  /** The target the CLI selected (-t, DATABRICKS_BUNDLE_TARGET or the default one). */
  target: string;
  config: JsonObject;
  /** Exactly what the CLI printed. */
  text: string;
}

/** Problems in the user's input, which the CLI reports as errors like any other. */
const USAGE_PROBLEMS = [/no such target/i, /Unable to locate the bundle root/i, /\bnot found\b.*\btarget\b/i];

/** Runs the real Databricks CLI (it resolves lookups and reads the deployment state, which dataops does not). */
export async function readBundleSummary(options: { root: string; env: NodeJS.ProcessEnv; target?: string; vars?: Vars }): Promise<BundleSummary> {
  const args = ['bundle', 'summary', '-o', 'json', ...(options.target ? ['-t', options.target] : []), ...varFlagArgs(options.vars ?? [])];
  const result = await runProcess('databricks', args, { cwd: options.root, env: options.env, timeoutMs: 180_000 });
  if (result.exitCode === NOT_FOUND) {
    throw new UsageError('the Databricks CLI (databricks) is not installed', { hint: 'install it: https://docs.databricks.com/dev-tools/cli/install.html' });
  }
  const problem = result.stderr.trim().split('\n').filter((line) => line.trim() !== '').slice(0, 3).join(' ');
  if (result.exitCode !== 0) {
    const message = `databricks ${args.join(' ')} failed: ${problem || `exit code ${result.exitCode}`}`;
    if (USAGE_PROBLEMS.some((pattern) => pattern.test(problem))) throw new UsageError(message, { hint: 'check -t and run from the bundle directory' });
    throw new ExternalError(message, { hint: 'check the credentials (dataops doctor) and that the target was deployed' });
  }
  let config: JsonObject;
  try {
    config = JSON.parse(result.stdout) as JsonObject;
  } catch {
    throw new ExternalError(`databricks ${args.join(' ')} printed no JSON: ${result.stdout.slice(0, 200)}`);
  }
  const bundle = config.bundle;
  const target = typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle) && typeof bundle.target === 'string' ? bundle.target : (options.target ?? '');
  return { target, config, text: result.stdout };
}

/**
 * Saves the summary for the tests to read (DATAOPS_BUNDLE_SUMMARY) and returns its absolute
 * path. Variables may carry values a person would not print, so known secrets are masked.
 */
export async function saveBundleSummary(root: string, relativePath: string, summary: BundleSummary): Promise<string> {
  const [{ mkdir, writeFile }, path, { redact }] = await Promise.all([import('node:fs/promises'), import('node:path'), import('../ui/redact.js')]);
  const file = path.resolve(root, relativePath);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, redact(summary.text));
  return file;
}
