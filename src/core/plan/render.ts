/**
 * The plan for people: a terminal listing grouped by action, and Markdown for the step
 * summary and the pull-request comment. The comment has to fit GitHub's limit, so it is
 * built row by row against a budget and says what it left out instead of being cut.
 */
import { PLAIN, type Style } from '../guard/render.js';
import { ACTION_ORDER, hasChanges, type FieldChange, type PlanAction, type PlanReport, type PlannedResource } from './report.js';

/** GitHub refuses issue comments longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The step summary takes up to 1 MiB per step; stay well under it. */
export const STEP_SUMMARY_BUDGET = 512 * 1024;

const HEADINGS: Readonly<Record<PlanAction, string>> = {
  delete: 'Delete',
  recreate: 'Recreate (delete, then create)',
  rename: 'Rename',
  update: 'Update in place',
  create: 'Create',
  unchanged: 'Unchanged',
};
const MARKS: Readonly<Record<PlanAction, string>> = { delete: '-', recreate: '-/+', rename: '~>', update: '~', create: '+', unchanged: '=' };

export function planSummaryLine(report: PlanReport): string {
  const s = report.summary;
  if (!hasChanges(report)) return `no changes: the deploy would leave all ${s.unchanged} resource${s.unchanged === 1 ? '' : 's'} as ${s.unchanged === 1 ? 'it is' : 'they are'}`;
  const parts = [
    [s.create, 'to create'],
    [s.update, 'to update'],
    [s.rename, 'to rename'],
    [s.recreate, 'to recreate'],
    [s.delete, 'to delete'],
    [s.unchanged, 'unchanged'],
  ].filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}`);
  return parts.join(', ');
}

function attention(report: PlanReport): string[] {
  const s = report.summary;
  const lines: string[] = [];
  if (s.conflicts > 0) lines.push(`${s.conflicts} resource${s.conflicts === 1 ? '' : 's'} conflict${s.conflicts === 1 ? 's' : ''} with same-named objects in the workspace (the guard refuses the deploy)`);
  if (s.awaitingApproval > 0) {
    const keys = report.resources.filter((r) => r.needsApproval && !r.approved).map((r) => r.key);
    lines.push(`needs approval before ${report.target} may be deployed: ${keys.join(', ')}`);
  }
  if (s.drifted > 0) lines.push(`${s.drifted} resource${s.drifted === 1 ? ' was' : 's were'} changed in the workspace since the last deploy; the deploy overwrites those changes`);
  return lines;
}

/** Why the plan cannot be deployed as it is, and what to do (exit 1). */
export function planRefusal(report: PlanReport): { message: string; hint: string } {
  const { conflicts, awaitingApproval } = report.summary;
  const reasons = [conflicts > 0 ? `${conflicts} guard conflict${conflicts === 1 ? '' : 's'}` : '', awaitingApproval > 0 ? `${awaitingApproval} action${awaitingApproval === 1 ? '' : 's'} awaiting approval` : ''];
  const waiting = report.resources.filter((r) => r.needsApproval && !r.approved).map((r) => `--approve ${r.key}`);
  return {
    message: `${report.target} cannot be deployed as planned: ${reasons.filter(Boolean).join(', ')}`,
    hint:
      waiting.length === 0
        ? `dataops guard -t ${report.target} shows each conflict and how to resolve it`
        : `someone who may release applies the pull request's approval label, or plan again with ${waiting.join(' ')}`,
  };
}

function changeText(c: FieldChange): string {
  // Only the workspace moved: the deploy puts back what was deployed.
  if (c.overwrites !== undefined && c.old === c.new) return `${c.path}: ${c.overwrites} set in the workspace → ${c.new} as deployed (the deploy overwrites the workspace's edit)`;
  const base = `${c.path}: ${c.old} → ${c.new}`;
  const notes = [c.forcesRecreate ? 'forces recreate' : '', c.overwrites !== undefined ? `overwrites ${c.overwrites} set in the workspace` : ''].filter(Boolean);
  return notes.length > 0 ? `${base} (${notes.join('; ')})` : base;
}

export function renderPlanText(report: PlanReport, style: Style = PLAIN): string {
  const lines = [`plan ${report.target}${report.production ? ' (production)' : ''}: ${planSummaryLine(report)}`];
  for (const action of ACTION_ORDER) {
    const rows = report.resources.filter((r) => r.action === action);
    if (rows.length === 0 || action === 'unchanged') continue;
    const paint = action === 'delete' || action === 'recreate' ? style.bad : action === 'create' ? style.ok : style.warn;
    lines.push('', paint(`${HEADINGS[action]} (${rows.length})`));
    for (const r of rows) {
      const approval = r.needsApproval ? (r.approved ? style.ok(' [approved]') : style.bad(' [needs approval]')) : '';
      lines.push(`  ${paint(MARKS[action])} ${r.key}${r.id ? style.dim(` (id ${r.id})`) : ''}${approval}`);
      for (const c of r.changes) lines.push(`      ${changeText(c)}`);
      for (const f of r.flags) if (f.kind !== 'production') lines.push(`      ${f.kind === 'guard' || f.kind === 'delete' || f.kind === 'recreate' ? style.bad('!') : style.warn('!')} ${f.text}`);
    }
  }
  const notes = attention(report);
  if (notes.length > 0) lines.push('', ...notes.map((n) => style.bad(`✖ ${n}`)));
  return lines.join('\n');
}

/** The hidden line the sticky comment of one target is found by. */
export function commentMarker(target: string): string {
  return `<!-- dataops-plan:${target} -->`;
}

export interface MarkdownOptions {
  /** Characters the whole text may take. */
  budget: number;
  /** Heading words before the target, e.g. `dataops plan`. */
  title?: string;
  /** Said when rows are left out: where the whole plan is. */
  elsewhere?: string;
  /** Prepended (the comment's marker). */
  marker?: string;
}

const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

export function renderPlanMarkdown(report: PlanReport, options: MarkdownOptions): string {
  const head = [
    ...(options.marker ? [options.marker] : []),
    `### ${options.title ?? 'dataops plan'}: ${code(report.target)}${report.production ? ' (production)' : ''}`,
    '',
  ];
  if (!hasChanges(report)) {
    return [...head, `**No changes.** The deploy would leave all ${report.summary.unchanged} resources of ${code(report.target)} as they are.`, ...attention(report).map((n) => `> ⚠️ ${cell(n)}`)].join('\n');
  }
  head.push(`**${planSummaryLine(report)}**`, '');
  for (const n of attention(report)) head.push(`> ⚠️ ${cell(n)}`, '');
  const changed = report.resources.filter((r) => r.action !== 'unchanged');
  const tableHead = ['| | resource | action | changes | notes |', '| --- | --- | --- | --- | --- |'];
  const rows: string[] = [];
  const details: string[] = [];
  let shown = 0;
  let used = length(head) + length(tableHead) + 600; // room for the closing lines
  for (const r of changed) {
    const row = tableRow(r);
    const detail = detailBlock(r);
    if (used + row.length + 1 + detail.length > options.budget) break;
    rows.push(row);
    if (detail) details.push(detail);
    used += row.length + 1 + detail.length;
    shown++;
  }
  const tail: string[] = [];
  const left = changed.slice(shown);
  if (left.length > 0) {
    const byAction = ACTION_ORDER.map((a) => [a, left.filter((r) => r.action === a).length] as const).filter(([, n]) => n > 0);
    tail.push('', `… and ${left.length} more changed resources not listed here (${byAction.map(([a, n]) => `${n} ${a}`).join(', ')}).${options.elsewhere ? ` ${options.elsewhere}` : ''}`);
  }
  const body = [...head, ...tableHead, ...rows, ...tail];
  if (details.length > 0) body.push('', '<details><summary>Field changes</summary>', '', ...details, '</details>');
  return body.join('\n');
}

function length(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

const ICONS: Readonly<Record<PlanAction, string>> = { delete: '🗑️', recreate: '♻️', rename: '✏️', update: '🔧', create: '➕', unchanged: '' };

function tableRow(r: PlannedResource): string {
  const paths = r.changes.map((c) => c.path);
  const changes = paths.length === 0 ? '' : paths.slice(0, 3).map(code).join(', ') + (paths.length > 3 ? ` +${paths.length - 3} more` : '');
  const notes = r.flags.filter((f) => f.kind !== 'production').map((f) => f.text);
  if (r.needsApproval) notes.unshift(r.approved ? '✅ approved' : '⛔ needs approval');
  return `| ${ICONS[r.action]} | ${code(r.key)} | ${r.action} | ${cell(changes)} | ${cell(notes.join('; '))} |`;
}

function detailBlock(r: PlannedResource): string {
  if (r.changes.length === 0) return '';
  return [`**${code(r.key)}**`, '', ...r.changes.map((c) => `- ${cell(changeText(c))}`), ''].join('\n');
}
