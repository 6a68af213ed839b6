import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/core/bundle/model.js';
import { BLUEPRINT_SETTINGS } from '../../../src/core/init/project.js';
import { renderSettingsFile } from '../../../src/core/init/settings-file.js';
import { RULES } from '../../../src/core/rules/catalog.js';
import { parseSettings } from '../../../src/core/settings.js';
import { settingsSchema } from '../../../src/core/settings-schema.js';
import { readSloSettings } from '../../../src/core/slo/settings.js';

const schema = settingsSchema(RULES);

/** Every setting path of the schema, down to the leaves (array items are not settings). */
function settingPaths(node: JsonObject, prefix: string[] = []): string[][] {
  const properties = (node.properties ?? {}) as Record<string, JsonObject>;
  return Object.entries(properties).flatMap(([name, child]) => {
    const path = [...prefix, name];
    return child.properties && child.default === undefined ? [path, ...settingPaths(child, path)] : [path];
  });
}

/** The file with every commented-out setting switched on: each `# ` at the comment column removed. */
function uncommentAll(text: string): string {
  const body = text.split('\n\n').slice(1).join('\n\n');
  return body.replace(/^( *)# /gm, '$1');
}

describe('dataops.yml of a new project', () => {
  it('lists every setting the schema knows, each under a description', () => {
    const text = renderSettingsFile(schema, {});
    for (const path of settingPaths(schema)) {
      const key = path.at(-1) as string;
      const depth = path.length - 1;
      const at = text.split('\n').findIndex((line) => line.startsWith(`# ${'  '.repeat(depth)}${key}:`));
      expect(at, `setting ${path.join('.')}`).toBeGreaterThan(0);
      expect(text.split('\n')[at - 1], `description of ${path.join('.')}`).toMatch(/^# +# /);
    }
  });

  it('changes nothing as written, and shows defaults that are valid settings once uncommented', () => {
    const text = renderSettingsFile(schema, {});
    expect(parse(text)).toBeNull();
    const uncommented = uncommentAll(text);
    const settings = parseSettings(uncommented, RULES);
    expect(settings.validate).toEqual({ rules: Object.fromEntries(RULES.map((rule) => [rule.id, rule.severity])), ignore: [] });
    expect(settings.raw.guard).toEqual({ allow: [], concurrency: 8 });
  });

  it("writes out the blueprint's latency objective, which dataops slo accepts", () => {
    const text = renderSettingsFile(schema, BLUEPRINT_SETTINGS);
    const settings = parseSettings(text, RULES);
    expect(settings.raw).toEqual(BLUEPRINT_SETTINGS);
    const slo = readSloSettings(settings.raw.slo);
    expect('queries' in slo && slo.queries.map((q) => [q.name, q.file, q.objective])).toEqual([['daily_sales_by_day', 'src/sql/daily_sales_by_day.sql', { p95_ms: 5000 }]]);
    expect(text).toContain('\n  # scaling: []\n');
  });

  it('keeps every line within 100 characters', () => {
    const long = renderSettingsFile(schema, BLUEPRINT_SETTINGS).split('\n').filter((line) => line.length > 100);
    expect(long).toEqual([]);
  });
});
