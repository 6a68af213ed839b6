/** The guard report for people: a table per resource, a step summary, annotations on the YAML. */
import type { MatchedObject, Verdict } from './classify.js';
import type { GuardReport } from './run.js';

/** Colours are the caller's business (core stays free of terminals). */
export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
}

export const PLAIN: Style = { ok: (t) => t, bad: (t) => t, warn: (t) => t, dim: (t) => t };

const MARK: Readonly<Record<Verdict, string>> = { new: '✔', owned: '✔', allowed: '!', conflict: '✖', unchecked: '?' };

export function renderGuardText(report: GuardReport, style: Style = PLAIN): string {
  const colour = (verdict: Verdict): ((t: string) => string) =>
    verdict === 'conflict' ? style.bad : verdict === 'allowed' || verdict === 'unchecked' ? style.warn : style.ok;
  const rows = report.resources.map((r) => [`${r.resource.type}.${r.resource.key}`, r.resource.name, r.verdict, r.summary]);
  const widths = [0, 1, 2].map((i) => Math.max(...[['RESOURCE', 'NAME', 'VERDICT'][i] ?? '', ...rows.map((row) => row[i] ?? '')].map((c) => c.length)));
  const pad = (cells: readonly string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  ');
  const lines = [`guard: target ${report.target} on ${report.host} (state: ${report.state.source})`, '', style.dim(`  ${pad(['RESOURCE', 'NAME', 'VERDICT', 'WHY'])}`)];
  for (const r of report.resources) {
    const paint = colour(r.verdict);
    lines.push(`${paint(MARK[r.verdict])} ${pad([`${r.resource.type}.${r.resource.key}`, r.resource.name, paint(r.verdict.padEnd(widths[2] ?? 0)), r.summary])}`);
    if (r.verdict === 'conflict' || r.verdict === 'allowed') {
      for (const m of r.matches) lines.push(style.dim(`    ${describeMatch(m)}`));
      if (r.hint && r.verdict === 'conflict') lines.push(`    hint: ${r.hint}`);
    }
    for (const w of r.warnings) lines.push(`    ${style.warn('warning:')} ${w}`);
  }
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

export function summaryLine(report: GuardReport): string {
  const s = report.summary;
  const parts = [`${s.resources} resources`, `${s.new} new`, `${s.owned} owned`, `${s.conflicts} conflicts`];
  if (s.allowed > 0) parts.push(`${s.allowed} allowed`);
  if (s.unchecked > 0) parts.push(`${s.unchecked} unchecked`);
  if (s.warnings > 0) parts.push(`${s.warnings} warnings`);
  return `guard ${report.target}: ${parts.join(', ')}`;
}

function describeMatch(m: MatchedObject): string {
  const facts = [`id ${m.id}`, m.relation, m.creator ? `by ${m.creator}` : undefined, createdText(m), m.url].filter(Boolean);
  return `${facts.join('  ')} — ${m.why}`;
}

function createdText(m: MatchedObject): string | undefined {
  return m.createdAt === undefined ? undefined : `created ${new Date(m.createdAt).toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

/** Markdown for the GitHub step summary. */
export function renderGuardMarkdown(report: GuardReport): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `### dataops guard: ${report.target}`,
    '',
    summaryLine(report),
    '',
    '| resource | final name | verdict | objects with that name |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of report.resources) {
    const objects = r.matches.map((m) => `${m.url ? `[${m.id}](${m.url})` : m.id} ${m.relation}${m.creator ? ` by ${m.creator}` : ''}${m.createdAt === undefined ? '' : `, ${createdText(m)}`}`);
    lines.push(`| \`${r.resource.type}.${r.resource.key}\` | ${cell(r.resource.name)} | ${r.verdict} | ${cell(objects.join('<br>') || r.summary)} |`);
  }
  const warnings = [...report.warnings, ...report.resources.flatMap((r) => r.warnings.map((w) => `${r.resource.type}.${r.resource.key}: ${w}`))];
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `> ⚠️ ${cell(w)}`));
  return lines.join('\n');
}

export interface GuardAnnotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** One annotation per conflict (error) and per warning, on the YAML line that defines the resource. */
export function guardAnnotations(report: GuardReport): GuardAnnotation[] {
  const out: GuardAnnotation[] = [];
  for (const r of report.resources) {
    const place = r.resource.location ? { file: r.resource.location.file, line: r.resource.location.line, column: r.resource.location.column } : {};
    const title = `guard: ${r.resource.type}.${r.resource.key}`;
    if (r.verdict === 'conflict') {
      const objects = r.matches.filter((m) => m.relation !== 'owned').map(describeMatch);
      out.push({ level: 'error', title, message: [r.summary, ...objects, ...(r.hint ? [`hint: ${r.hint}`] : [])].join('\n'), ...place });
    }
    for (const w of r.warnings) out.push({ level: 'warning', title, message: w, ...place });
  }
  return out;
}

/** One line per conflicting resource, with the objects in the way: what a deploy refuses with. */
export function conflictLines(report: GuardReport): string[] {
  return report.resources
    .filter((r) => r.verdict === 'conflict')
    .map((r) => {
      const objects = r.matches.filter((m) => m.relation !== 'owned').map((m) => `${m.relation} ${m.id}${m.url ? ` (${m.url})` : ''}`);
      return `${r.resource.type}.${r.resource.key} "${r.resource.name}": ${r.summary}: ${objects.join(', ')}${r.hint ? `; ${r.hint}` : ''}`;
    });
}
