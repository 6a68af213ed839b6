/**
 * The Databricks CLI versions this dataops knows: what each changed in the engine and the
 * deployment state that `dataops guard` and `drift` read, and the range outside which a
 * person must hear about it (a team that bumps `databricks/setup-cli` meets a new state
 * format in the guard). Facts from the CLI's changelog, late 2026.
 */
import semver from 'semver';
import { BLUEPRINT_PINS } from './pins.js';

/** The versions dataops reads the state and engine of: from `min` up to the last minor it knows. */
export const KNOWN_CLI_RANGE = { min: '1.3.0', lastKnownMinor: '1.23' } as const;

interface Milestone {
  since: string;
  says: string;
}

/** What changed, in order; each fact holds from its version on. */
const MILESTONES: readonly Milestone[] = [
  { since: '1.3.0', says: 'the direct deployment engine is the default (state in resources.json)' },
  { since: '1.17.0', says: 'the direct state format is version 3' },
  { since: '1.19.0', says: 'the Terraform engine is deprecated' },
  { since: '1.20.0', says: 'the Terraform engine is removed: a bundle still on Terraform state must move to the direct engine first (the CLI’s release notes say how)' },
  { since: '1.23.0', says: 'server-side deployment history is in Beta' },
];

export type CliVersionStatus = 'known' | 'older' | 'newer' | 'development' | 'unreadable';

export interface CliVersionAssessment {
  status: CliVersionStatus;
  version: string | null;
  /** What this version means for the engine and the state (known and newer versions). */
  facts: string[];
  /** The problem and the exact fix, when the version is outside the range. */
  advice?: string;
}

const RANGE_TEXT = `${KNOWN_CLI_RANGE.min} – ${KNOWN_CLI_RANGE.lastKnownMinor}.x`;

/** How to get the blueprint's pinned CLI: in a workflow, and on a laptop. */
export function pinAdvice(version: string = BLUEPRINT_PINS.databricksCli): string {
  return `in workflows use databricks/setup-cli@v${version}; on a machine: curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/v${version}/install.sh | sh`;
}

/** Judges the version in the CLI's `--version` line (`Databricks CLI v1.12.1`). */
export function assessCliVersion(version: string | null): CliVersionAssessment {
  if (version === null) return { status: 'unreadable', version, facts: [], advice: `the Databricks CLI's version could not be read: reinstall it (${pinAdvice()})` };
  // `go install` and source builds report a -dev version: the CLI itself does not judge those.
  if (/-dev\b/.test(version)) return { status: 'development', version, facts: ['a development build: its version is not checked'] };
  const parsed = semver.coerce(version);
  if (!parsed) return { status: 'unreadable', version, facts: [], advice: `"${version}" is not a version dataops can read: reinstall the CLI (${pinAdvice()})` };
  const facts = MILESTONES.filter((m) => semver.gte(parsed, m.since)).map((m) => `since ${m.since.replace(/\.0$/, '')}: ${m.says}`);
  if (semver.lt(parsed, KNOWN_CLI_RANGE.min)) {
    return {
      status: 'older',
      version,
      facts: ['the Terraform engine is the default: dataops reads direct-engine state, so the guard and drift see less'],
      advice: `Databricks CLI ${parsed.version} is older than the versions this dataops knows (${RANGE_TEXT}): upgrade to ${BLUEPRINT_PINS.databricksCli}, the blueprint’s pin (${pinAdvice()})`,
    };
  }
  const lastKnown = semver.coerce(KNOWN_CLI_RANGE.lastKnownMinor);
  if (lastKnown && (parsed.major > lastKnown.major || (parsed.major === lastKnown.major && parsed.minor > lastKnown.minor))) {
    return {
      status: 'newer',
      version,
      facts,
      advice: `Databricks CLI ${parsed.version} is newer than the versions this dataops knows (${RANGE_TEXT}): its state format may have changed under dataops guard and drift. Pin the CLI to ${KNOWN_CLI_RANGE.lastKnownMinor}.x or to the blueprint’s ${BLUEPRINT_PINS.databricksCli} (${pinAdvice()}), or upgrade dataops to a release that knows ${parsed.major}.${parsed.minor}`,
    };
  }
  return { status: 'known', version, facts };
}
