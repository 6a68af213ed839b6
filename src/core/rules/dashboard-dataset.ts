import type { ConfigPath, JsonObject, JsonValue } from '../bundle/model.js';
import { parsedDashboards } from '../lakeview.js';
import { isObject } from '../bundle/config-values.js';
import type { Problem, Rule } from './rule.js';

/** Every `fieldName` under a widget's `spec.encodings`, with its path. */
function* encodedFields(value: JsonValue | undefined, path: ConfigPath): Generator<[string, ConfigPath]> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* encodedFields(value[i], [...path, i]);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'fieldName' && typeof child === 'string') yield [child, [...path, key]];
      else yield* encodedFields(child, [...path, key]);
    }
  }
}

function* widgets(json: JsonObject): Generator<[JsonObject, ConfigPath]> {
  const pages = Array.isArray(json.pages) ? json.pages : [];
  for (let p = 0; p < pages.length; p++) {
    const layout = valueList(pages[p], 'layout');
    for (let l = 0; l < layout.length; l++) {
      const widget = valueOf(layout[l], 'widget');
      if (isObject(widget)) yield [widget, ['pages', p, 'layout', l, 'widget']];
    }
  }
}

const valueOf = (value: JsonValue | undefined, key: string): JsonValue | undefined => (isObject(value) ? value[key] : undefined);
const valueList = (value: JsonValue | undefined, key: string): JsonValue[] => {
  const found = valueOf(value, key);
  return Array.isArray(found) ? found : [];
};
const nameOf = (value: JsonValue | undefined): string | undefined => {
  const name = valueOf(value, 'name');
  return typeof name === 'string' ? name : undefined;
};

export const dashboardDataset: Rule = {
  id: 'dashboard-dataset',
  severity: 'error',
  doc: {
    summary: 'A dashboard file that is not valid JSON, or a widget that names no dataset or field',
    description:
      'An AI/BI dashboard (`.lvdash.json`) is edited by hand or merged from two branches more often than people admit. Broken JSON fails the deployment; a widget whose `datasetName` names no dataset, or whose encodings use a field its query does not select, deploys fine and shows an error tile to everyone who opens the dashboard. The rule parses every dashboard of the target and checks those names.',
    bad: 'resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      warehouse_id: 0123456789abcdef\n      file_path: ./src/sales.lvdash.json\n# src/sales.lvdash.json\n{"datasets": [{"name": "sales", "queryLines": ["SELECT day FROM sales"]}],\n "pages": [{"name": "p", "layout": [{"widget": {"name": "w",\n   "queries": [{"name": "q", "query": {"datasetName": "revenue", "fields": [{"name": "day", "expression": "`day`"}]}}],\n   "spec": {"encodings": {"x": {"fieldName": "date"}}}}}]}]}',
    good: 'resources:\n  dashboards:\n    sales:\n      display_name: Sales\n      warehouse_id: 0123456789abcdef\n      file_path: ./src/sales.lvdash.json\n# src/sales.lvdash.json\n{"datasets": [{"name": "sales", "queryLines": ["SELECT day FROM sales"]}],\n "pages": [{"name": "p", "layout": [{"widget": {"name": "w",\n   "queries": [{"name": "q", "query": {"datasetName": "sales", "fields": [{"name": "day", "expression": "`day`"}]}}],\n   "spec": {"encodings": {"x": {"fieldName": "day"}}}}}]}]}',
  },
  check(context) {
    const problems: Problem[] = [];
    for (const { dashboard, parsed } of parsedDashboards(context)) {
      if (!parsed.ok) {
        problems.push({
          message: `dashboard ${dashboard.key} is not valid JSON: ${parsed.message}`,
          location: parsed.location,
          hint: 're-export the dashboard from the workspace (databricks bundle generate dashboard) or fix the JSON by hand',
        });
        continue;
      }
      const datasets = (Array.isArray(parsed.json.datasets) ? parsed.json.datasets : []).map(nameOf).filter((n): n is string => !!n);
      for (const [widget, widgetPath] of widgets(parsed.json)) {
        const widgetName = nameOf(widget) ?? String(widgetPath[3]);
        const fields = new Set<string>();
        valueList(widget, 'queries').forEach((query, q) => {
          const inner = valueOf(query, 'query');
          for (const field of valueList(inner, 'fields')) {
            const name = nameOf(field);
            if (name) fields.add(name);
          }
          const dataset = valueOf(inner, 'datasetName');
          if (typeof dataset === 'string' && !datasets.includes(dataset)) {
            problems.push({
              message: `widget ${widgetName} of dashboard ${dashboard.key} uses dataset "${dataset}", which the dashboard does not define`,
              location: parsed.locate([...widgetPath, 'queries', q, 'query', 'datasetName']),
              hint: datasets.length > 0 ? `datasets: ${datasets.join(', ')}` : 'the dashboard defines no datasets',
            });
          }
        });
        for (const [field, path] of encodedFields(valueOf(valueOf(widget, 'spec'), 'encodings'), [...widgetPath, 'spec', 'encodings'])) {
          if (fields.has(field)) continue;
          problems.push({
            message: `widget ${widgetName} of dashboard ${dashboard.key} shows field "${field}", which its query does not select`,
            location: parsed.locate(path),
            hint: fields.size > 0 ? `fields of the query: ${[...fields].join(', ')}` : 'the widget has no query fields',
          });
        }
      }
    }
    return problems;
  },
};
