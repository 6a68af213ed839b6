/**
 * The preflight step before the guard: the Databricks CLI that will deploy, against the
 * versions whose state the guard reads. Outside them the guard may misread what this
 * deployment owns, so a production deploy stops (fail closed); elsewhere it is a warning.
 */
import type { CliVersionAssessment } from '../cli-versions.js';
import type { PreflightStep } from './preflight.js';
import type { TargetKind } from './target-kind.js';

export const CLI_VERSION_STEP = 'databricks CLI version';

/** `assess` is null when the CLI is not installed: the deploy itself says so, with how to install it. */
export function cliVersionStep(assess: () => Promise<CliVersionAssessment | null>, kind: () => TargetKind, warn: (text: string) => void): PreflightStep {
  return {
    name: CLI_VERSION_STEP,
    run: async () => {
      const found = await assess();
      if (!found) return { ok: true, detail: 'not found on PATH' };
      const version = found.version ?? 'unknown';
      if (!found.advice) return { ok: true, detail: `${version}${found.status === 'development' ? ' (a development build, not checked)' : ', a version dataops knows'}` };
      if (kind() === 'production') return { ok: false, detail: `${version} is outside the versions dataops knows, and this is production`, hint: found.advice };
      warn(found.advice);
      return { ok: true, detail: `${version}, outside the versions dataops knows (see the warning)` };
    },
  };
}
