/**
 * What `dataops setup` needs on the machine: the tools `dataops doctor` lists, at versions
 * the blueprint works with. Python is required here (the test layers run pytest), while
 * doctor only mentions it.
 */
import semver from 'semver';
import { KNOWN_CLI_RANGE } from '../cli-versions.js';
import { extractVersion, TOOLS, type ToolProbe } from '../doctor.js';

/** Lowest versions the blueprint works with: the CLI's whose state dataops reads, Taskfile v3, pytest's Python. */
export const MINIMUM_VERSIONS: Readonly<Record<string, string>> = { databricks: KNOWN_CLI_RANGE.min, task: '3.0.0', git: '2.20.0', python: '3.10.0' };

export interface Prerequisite {
  name: string;
  version: string | null;
  ok: boolean;
  /** What is wrong and how to fix it, when not ok; a note otherwise (e.g. a development build). */
  note: string | null;
}

export function checkPrerequisites(probes: readonly ToolProbe[]): Prerequisite[] {
  // Only what setup needs: the optional tools doctor lists (PySpark for dataops local) are not prerequisites.
  return TOOLS.filter((tool) => tool.required || tool.name in MINIMUM_VERSIONS).map((tool) => {
    const output = probes.find((p) => p.name === tool.name)?.output ?? null;
    const minimum = MINIMUM_VERSIONS[tool.name];
    if (output === null) return { name: tool.name, version: null, ok: false, note: `not installed (${tool.purpose}); install: ${tool.install}` };
    const version = extractVersion(output);
    const parsed = version === null ? null : semver.coerce(version, { includePrerelease: true });
    // A Databricks CLI built from source reports 0.0.0-dev: accepted, as the CLI itself does.
    if (parsed === null || /-dev\b/.test(version ?? '')) return { name: tool.name, version, ok: true, note: `version not checked (${output.trim()})` };
    if (minimum && semver.lt(parsed, minimum)) return { name: tool.name, version, ok: false, note: `version ${version} is older than ${minimum}; update: ${tool.install}` };
    return { name: tool.name, version, ok: true, note: null };
  });
}
