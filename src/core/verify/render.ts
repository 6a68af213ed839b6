import type { VerifyCheck } from './checks.js';
import type { RunReport, VerifyReport } from './verify.js';

const MARK: Record<VerifyCheck['status'], string> = { pass: 'ok', fail: 'FAIL', skip: 'skip' };

/** The checks as a table for stderr, then the runs and a summary line. */
export function renderVerifyTable(report: VerifyReport): string {
  const rows = report.checks.map((c) => [c.resource, c.check, MARK[c.status], c.detail]);
  const headers = ['resource', 'check', 'result', 'detail'];
  const widths = headers.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const format = (cells: string[]): string => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ').trimEnd();
  const lines = [`verify: target ${report.target} on ${report.host}`, '', format(headers), ...rows.map(format)];
  for (const run of report.runs) lines.push('', runLine(run));
  lines.push('', summaryLine(report));
  return lines.join('\n');
}

export function summaryLine(report: VerifyReport): string {
  const { passed, failed, skipped } = report.summary;
  const runs = report.runs.length > 0 ? `; runs: ${report.runs.filter((r) => r.ok).length} of ${report.runs.length} succeeded` : '';
  return `verify ${report.target}: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}${runs}`;
}

export function runLine(run: RunReport): string {
  return `run ${run.job}: ${run.ok ? 'ok' : 'FAIL'} ${run.detail}${run.url ? ` (${run.url})` : ''}`;
}

export function renderVerifyMarkdown(report: VerifyReport): string {
  const lines = [`### ${report.ok ? '✅' : '❌'} dataops verify \`${report.target}\``, '', summaryLine(report), '', '| resource | check | result | detail |', '| --- | --- | --- | --- |'];
  for (const c of report.checks) lines.push(`| \`${c.resource}\` | ${c.check} | ${c.status === 'fail' ? '❌' : c.status === 'pass' ? '✅' : '➖'} | ${c.detail.replace(/\|/g, '\\|')} |`);
  for (const run of report.runs) lines.push('', `- ${runLine(run)}`);
  return lines.join('\n');
}
