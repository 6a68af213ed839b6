/** The Databricks CLI on PATH, judged against the versions this dataops knows. */
import { assessCliVersion, type CliVersionAssessment } from '../core/cli-versions.js';
import { extractVersion } from '../core/doctor.js';
import { databricksCliVersion, databricksOnPath } from './databricks-cli-version.js';

/**
 * Null when no `databricks` is on PATH. The version comes from the cache kept per binary (path,
 * size, modification time), so a run starts the CLI only after it changed.
 */
export async function probeCliVersion(env: NodeJS.ProcessEnv): Promise<CliVersionAssessment | null> {
  const cli = await databricksCliVersion(env);
  if (cli !== null) return assessCliVersion(extractVersion(cli.version));
  // A CLI on PATH that did not answer is worth a word; none at all is the caller's to judge.
  return databricksOnPath(env) === null ? null : assessCliVersion(null);
}
