/** What `databricks bundle summary -o json` says was deployed, as rows, a table and Markdown. */
import type { JsonValue } from '../bundle/model.js';
import { isObject, stringAt } from '../bundle/config-values.js';

export interface DeployedResource {
  /** Resource type as in the configuration: jobs, pipelines, dashboards… */
  type: string;
  key: string;
  name: string | null;
  id: string | null;
  url: string | null;
}

export interface DeploySummary {
  bundle: string | null;
  target: string | null;
  rootPath: string | null;
  /** `workspace.state_path`, where the deployment state lives. */
  statePath: string | null;
  resources: DeployedResource[];
}

export function parseSummary(document: JsonValue): DeploySummary {
  const resources: DeployedResource[] = [];
  const groups = isObject(document) && isObject(document.resources) ? document.resources : {};
  for (const [type, group] of Object.entries(groups)) {
    if (!isObject(group)) continue;
    for (const [key, resource] of Object.entries(group)) {
      if (!isObject(resource)) continue;
      resources.push({
        type,
        key,
        name: stringAt(resource, ['name']) ?? stringAt(resource, ['display_name']) ?? null,
        id: stringAt(resource, ['id']) ?? null,
        url: stringAt(resource, ['url']) ?? null,
      });
    }
  }
  resources.sort((a, b) => a.type.localeCompare(b.type) || a.key.localeCompare(b.key));
  return {
    bundle: stringAt(document, ['bundle', 'name']) ?? null,
    target: stringAt(document, ['bundle', 'target']) ?? null,
    rootPath: stringAt(document, ['workspace', 'root_path']) ?? null,
    statePath: stringAt(document, ['workspace', 'state_path']) ?? null,
    resources,
  };
}

function singular(type: string): string {
  return type.endsWith('ies') ? `${type.slice(0, -3)}y` : type.replace(/s$/, '');
}

/** Aligned columns for a terminal. */
export function renderSummaryText(summary: DeploySummary): string {
  if (summary.resources.length === 0) return 'no resources deployed';
  const rows = summary.resources.map((r) => [singular(r.type), r.key, r.name ?? '', r.url ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ').trimEnd()).join('\n');
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The GitHub step summary: a heading and a table with links. */
export function renderSummaryMarkdown(summary: DeploySummary, heading: string): string {
  const lines = [`### ${heading}`, ''];
  if (summary.rootPath) lines.push(`Root path: \`${summary.rootPath}\``, '');
  if (summary.resources.length === 0) return [...lines, 'No resources deployed.'].join('\n');
  lines.push('| type | key | name |', '| --- | --- | --- |');
  for (const r of summary.resources) {
    const name = markdownCell(r.name ?? r.key);
    lines.push(`| ${singular(r.type)} | \`${markdownCell(r.key)}\` | ${r.url ? `[${name}](${r.url})` : name} |`);
  }
  return lines.join('\n');
}
