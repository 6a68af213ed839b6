import type { ConfigPath, JsonObject, JsonValue, Location } from './bundle/model.js';
import { isObject, valueAt } from './bundle/config-values.js';
import type { RuleContext } from './rules/rule.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** An AI/BI (Lakeview) dashboard definition of the bundle: a `.lvdash.json` file or an inline `serialized_dashboard`. */
export interface DashboardText {
  key: string;
  text: string;
  /** The file the text is in (relative to the bundle root), or where `serialized_dashboard` was written. */
  file: string | undefined;
  /** Where the dashboard points at the text (its `file_path` or `serialized_dashboard` in YAML). */
  definedAt: Location | undefined;
}

function dashboardTexts({ target, files }: RuleContext): DashboardText[] {
  const texts: DashboardText[] = [];
  for (const local of target.localPaths) {
    const [resources, type, key, field] = local.path;
    if (resources !== 'resources' || type !== 'dashboards' || field !== 'file_path' || local.local === null) continue;
    const text = files.read(local.local);
    // A missing file is the missing-file rule's finding.
    if (text !== undefined) texts.push({ key: String(key), text, file: local.local, definedAt: local.location });
  }
  const dashboards = valueAt(target.config, ['resources', 'dashboards']);
  for (const [key, dashboard] of Object.entries(isObject(dashboards) ? dashboards : {})) {
    const inline = valueAt(dashboard, ['serialized_dashboard']);
    if (typeof inline !== 'string' || texts.some((t) => t.key === key)) continue;
    const definedAt = target.locate(['resources', 'dashboards', key, 'serialized_dashboard']);
    texts.push({ key, text: inline, file: undefined, definedAt });
  }
  return texts;
}

export type ParsedDashboard =
  | { ok: true; json: JsonObject; locate: (path: ConfigPath) => Location | undefined }
  | { ok: false; message: string; location: Location | undefined };

/** What a dashboard's text gives, whichever target points at it. */
type TextParse =
  | { ok: true; json: JsonObject; source: () => YamlSource | undefined }
  | { ok: false; message: string; location: Location | undefined };

// Keyed by the run's file reader: every rule of every target reads the same dashboards.
const parsesOfRun = new WeakMap<object, Map<string, TextParse>>();

/** Every dashboard of the target, parsed; each text is parsed once per run however many rules and targets read it. */
export function parsedDashboards(context: RuleContext): { dashboard: DashboardText; parsed: ParsedDashboard }[] {
  let parses = parsesOfRun.get(context.files);
  if (!parses) parsesOfRun.set(context.files, (parses = new Map()));
  return dashboardTexts(context).map((dashboard) => {
    const key = `${dashboard.file ?? ''}\0${dashboard.text}`;
    let parse = parses.get(key);
    if (!parse) parses.set(key, (parse = parseText(dashboard.file, dashboard.text)));
    return { dashboard, parsed: placed(parse, dashboard.definedAt) };
  });
}

/** Locations point into the .lvdash.json file, or at the YAML field for inline ones. */
function placed(parse: TextParse, definedAt: Location | undefined): ParsedDashboard {
  if (!parse.ok) return { ok: false, message: parse.message, location: parse.location ?? definedAt };
  return { ok: true, json: parse.json, locate: (path) => parse.source()?.locate(path) ?? definedAt };
}

function parseText(file: string | undefined, text: string): TextParse {
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split(/,? \.\.\.|\n/)[0] ?? '';
    return { ok: false, message, location: (file && jsonErrorLocation(file, text, message)) || undefined };
  }
  if (!isObject(json)) return { ok: false, message: 'a dashboard must be a JSON object', location: undefined };
  // YAML reads JSON, and keeps where each part of it was written; only a finding needs that, so only a finding pays for it.
  let source: YamlSource | undefined | null = null;
  const locatable = () => {
    if (source === null) {
      const parsed = file ? parseYamlSource(file, text) : undefined;
      source = parsed?.ok ? parsed.source : undefined;
    }
    return source;
  };
  return { ok: true, json, source: locatable };
}

/** V8 names the offset of some JSON errors only; YAML's parser (JSON is YAML) finds most of the others. */
function jsonErrorLocation(file: string, text: string, message: string): Location | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    return { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  }
  const parsed = parseYamlSource(file, text);
  return parsed.ok ? undefined : parsed.error.location;
}

export interface DatasetQuery {
  dataset: string;
  sql: string;
  /** The JSON path of the string that holds line `n` of `sql`. */
  lineAt: (line: number) => ConfigPath;
}

/** The SQL of each dataset: `queryLines` joined, or `query`. */
export function datasetQueries(json: JsonObject): DatasetQuery[] {
  const datasets = Array.isArray(json.datasets) ? json.datasets : [];
  const queries: DatasetQuery[] = [];
  datasets.forEach((dataset, index) => {
    if (!isObject(dataset)) return;
    const name = typeof dataset.name === 'string' ? dataset.name : String(index);
    const lines = dataset.queryLines;
    if (Array.isArray(lines) && lines.every((line) => typeof line === 'string')) {
      // Each SQL line is mapped to the queryLines element it starts in.
      const elementOfLine: number[] = [];
      let line = 1;
      (lines as string[]).forEach((part, i) => {
        part.split('\n').forEach((segment, j, all) => {
          if (segment !== '' || j < all.length - 1) elementOfLine[line + j] ??= i;
        });
        line += part.split('\n').length - 1;
      });
      queries.push({
        dataset: name,
        sql: (lines as string[]).join(''),
        lineAt: (n) => ['datasets', index, 'queryLines', elementOfLine[n] ?? 0],
      });
    } else if (typeof dataset.query === 'string') {
      queries.push({ dataset: name, sql: dataset.query, lineAt: () => ['datasets', index, 'query'] });
    }
  });
  return queries;
}
