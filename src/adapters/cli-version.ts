/** The Databricks CLI on PATH, judged against the versions this dataops knows. */
import { assessCliVersion, type CliVersionAssessment } from '../core/cli-versions.js';
import { extractVersion } from '../core/doctor.js';
import { probeVersion } from './process.js';

/** Null when no `databricks` is on PATH. */
export async function probeCliVersion(env: NodeJS.ProcessEnv): Promise<CliVersionAssessment | null> {
  const line = await probeVersion('databricks', ['--version'], env);
  return line === null ? null : assessCliVersion(extractVersion(line));
}
