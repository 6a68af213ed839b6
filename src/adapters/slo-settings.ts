import type { ConfigPath } from '../core/bundle/model.js';
import { UsageError, type SourceLocation } from '../core/errors.js';
import { SETTINGS_FILE } from '../core/settings.js';
import { isSettingsProblem, readSloSettings, type SloSettings } from '../core/slo/settings.js';
import type { Project } from './project.js';

/**
 * The `slo` section of the project's dataops.yml, checked against the settings schema, and a
 * way to point at any place in the file.
 */
export async function loadSloSettings(project: Project): Promise<{ settings: SloSettings; locate: (at: ConfigPath) => SourceLocation }> {
  const [{ raw }, source] = await Promise.all([project.settings(), project.settingsSource()]);
  const locate = (at: ConfigPath): SourceLocation => source?.locate(at) ?? { file: SETTINGS_FILE };
  const settings = readSloSettings(raw.slo);
  if (isSettingsProblem(settings)) {
    throw new UsageError(`${SETTINGS_FILE}: ${settings.message}`, { location: locate(settings.path), hint: `fix that entry of the slo: section in ${SETTINGS_FILE}` });
  }
  return { settings, locate };
}
