/** The drift report for people: each deployed resource and what changed since the deploy. */
import type { JsonValue } from '../bundle/model.js';
import type { GuardAnnotation, Style } from '../guard/render.js';
import { PLAIN } from '../guard/render.js';
import type { FieldChange } from './compare.js';
import type { DriftReport, DriftResult } from './run.js';

export function driftSummaryLine(report: DriftReport): string {
  const s = report.summary;
  const parts = [`${s.resources} deployed resources`, `${s.inSync} in sync`, `${s.changed} changed`, `${s.deleted} deleted`];
  if (s.existenceOnly > 0) parts.push(`${s.existenceOnly} checked for existence only`);
  return `drift ${report.target}: ${parts.join(', ')}`;
}

/** Each difference as one line: `tasks[ingest].timeout_seconds: 0 → 600`. */
function differenceLines(r: DriftResult): string[] {
  if (r.status === 'deleted') return [r.url ? `deleted from the workspace (${r.url})` : 'deleted from the workspace'];
  return [...r.changes.map(changeLine), ...r.permissions.map((p) => `permission ${p.level} for ${p.principal} ${p.change}`)];
}

function changeLine(c: FieldChange): string {
  if (c.deployed === undefined) return `${c.path}: added in the workspace: ${short(c.actual)}`;
  if (c.actual === undefined) return `${c.path}: removed in the workspace (was ${short(c.deployed)})`;
  return `${c.path}: ${short(c.deployed)} → ${short(c.actual)}`;
}

function short(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function renderDriftText(report: DriftReport, style: Style = PLAIN): string {
  const lines = [`drift: target ${report.target} on ${report.host} (state: ${report.state.source})`, ''];
  for (const r of report.resources) {
    const drifted = r.status === 'changed' || r.status === 'deleted';
    const mark = drifted ? style.bad('✖') : style.ok('✔');
    lines.push(`${mark} ${r.type}.${r.key}  ${style.dim(r.id)}  ${drifted ? style.bad(r.status) : r.status}`);
    for (const line of differenceLines(r)) lines.push(`    ${line}`);
  }
  lines.push('', driftSummaryLine(report));
  return lines.join('\n');
}

export function renderDriftMarkdown(report: DriftReport): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [`### dataops drift: ${report.target}`, '', driftSummaryLine(report), '', '| resource | id | status | differences |', '| --- | --- | --- | --- |'];
  for (const r of report.resources) lines.push(`| \`${r.type}.${r.key}\` | ${r.url ? `[${r.id}](${r.url})` : r.id} | ${r.status} | ${cell(differenceLines(r).join('<br>'))} |`);
  if (report.warnings.length > 0) lines.push('', ...report.warnings.map((w) => `> ⚠️ ${cell(w)}`));
  return lines.join('\n');
}

export function driftAnnotations(report: DriftReport): GuardAnnotation[] {
  return report.resources
    .filter((r) => r.status === 'changed' || r.status === 'deleted')
    .map((r) => ({
      level: 'error' as const,
      title: `drift: ${r.type}.${r.key}`,
      message: differenceLines(r).join('\n'),
      ...(r.location ? { file: r.location.file, line: r.location.line, column: r.location.column } : {}),
    }));
}
