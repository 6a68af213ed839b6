import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigPath } from '../core/bundle/model.js';
import { UsageError, type SourceLocation } from '../core/errors.js';
import { parseSettings, SETTINGS_FILE } from '../core/settings.js';
import { isSettingsProblem, readSloSettings, type SloSettings } from '../core/slo/settings.js';
import { parseYamlSource } from '../core/yaml-source.js';

/**
 * The `slo` section of the project's dataops.yml, checked against the settings schema, and a
 * way to point at any place in the file.
 */
export async function loadSloSettings(root: string): Promise<{ settings: SloSettings; locate: (at: ConfigPath) => SourceLocation }> {
  const text = await readFile(path.join(root, SETTINGS_FILE), 'utf8').catch(() => undefined);
  const { RULES } = await import('../core/rules/catalog.js');
  const raw = parseSettings(text, RULES).raw;
  const parsed = text === undefined ? undefined : parseYamlSource(SETTINGS_FILE, text);
  const locate = (at: ConfigPath): SourceLocation => (parsed?.ok ? parsed.source.locate(at) : { file: SETTINGS_FILE });
  const settings = readSloSettings(raw.slo);
  if (isSettingsProblem(settings)) {
    throw new UsageError(`${SETTINGS_FILE}: ${settings.message}`, { location: locate(settings.path), hint: `fix that entry of the slo: section in ${SETTINGS_FILE}` });
  }
  return { settings, locate };
}
