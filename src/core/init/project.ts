/** Every file of a new project: the blueprint's templates filled in, plus its dataops.yml. */
import type { JsonObject } from '../bundle/model.js';
import { SETTINGS_FILE } from '../settings.js';
import { renderTemplates, type ProjectFile } from './render.js';
import { renderSettingsFile } from './settings-file.js';
import { templateTokens, type ProjectValues } from './values.js';

/**
 * The settings the blueprint uses: its production policies as errors, the seed's latency objective (5 s) on the dashboard's main
 * query, which the non-functional tests measure after each production deployment.
 */
export const BLUEPRINT_SETTINGS: JsonObject = {
  // The platform's own projects hold its production policies as errors (elsewhere they are advice).
  validate: { rules: { 'prod-run-as': 'error', 'prod-root-path': 'error', 'sandbox-isolation': 'error' } },
  slo: {
    queries: [{ name: 'daily_sales_by_day', file: 'src/sql/daily_sales_by_day.sql', warehouse: '${var.warehouse_id}', p95_ms: 5000 }],
  },
};

export function projectFiles(templates: Readonly<Record<string, string>>, values: ProjectValues, settingsSchema: JsonObject): ProjectFile[] {
  const settings = { path: SETTINGS_FILE, content: renderSettingsFile(settingsSchema, BLUEPRINT_SETTINGS) };
  const files = [...renderTemplates(templates, templateTokens(values)), settings];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
