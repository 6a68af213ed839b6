import { describeObjective } from './objectives.js';
import type { MeasuredReport, SloReport, WarehouseReport } from './check.js';

/** The report as text for stderr: warehouses, then one line per query and scaling check. */
export function renderSloTable(report: SloReport): string {
  const lines = report.warehouses.map(describeWarehouse);
  const rows = [...report.queries, ...report.scaling].map((r) => [
    r.name,
    String(r.runs),
    ms(r.p50_ms),
    ms(r.p95_ms),
    ms(r.max_ms),
    'rows' in r && typeof r.rows === 'number' ? String(r.rows) : '-',
    describeObjective(r.objective),
    verdictOf(r),
  ]);
  const headers = ['query', 'runs', 'p50', 'p95', 'max', 'rows', 'objective', 'result'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const numeric = new Set([1, 2, 3, 4, 5]);
  const format = (cells: string[]): string =>
    cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  lines.push('', format(headers), ...rows.map(format));
  return lines.join('\n');
}

/** Markdown for the GitHub step summary. */
export function renderSloMarkdown(report: SloReport): string {
  const lines = [`### ${report.ok ? '✅' : '❌'} dataops slo`, ''];
  for (const warehouse of report.warehouses) lines.push(`- ${describeWarehouse(warehouse)}`);
  lines.push('', '| query | runs | p50 | p95 | max | objective | result |', '| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const r of [...report.queries, ...report.scaling]) {
    lines.push(`| ${cell(r.name)} | ${r.runs} | ${ms(r.p50_ms)} | ${ms(r.p95_ms)} | ${ms(r.max_ms)} | ${describeObjective(r.objective)} | ${cell(verdictOf(r))} |`);
  }
  return lines.join('\n');
}

/** `ok`, the breaches, or the error that stopped the measurement. */
export function verdictOf(r: MeasuredReport): string {
  if (r.error) return `ERROR ${r.error}`;
  if (r.breached) return `BREACH ${r.breaches.join(', ')}`;
  return 'ok';
}

function describeWarehouse(w: WarehouseReport): string {
  const head = `warehouse ${w.name} (${w.id})`;
  if (w.error) return `${head}: ${w.error}`;
  if (w.cold_start_ms === null) return `${head}: ${w.state}`;
  return `${head}: was ${w.state}, started in ${ms(w.cold_start_ms)} (cold start, not counted in query times)`;
}

function ms(value: number | null): string {
  if (value === null) return '-';
  return value < 10_000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
