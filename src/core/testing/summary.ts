import type { TestCaseResult, JUnitReport } from './junit.js';
import type { PytestOutcome, TestLayer } from './layers.js';

/** What one `dataops test <layer>` found, for people (table, step summary) and machines (--json). */
export interface TestSummary {
  layer: TestLayer;
  target: string | null;
  outcome: PytestOutcome;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  total: number;
  seconds: number;
  slowest: Array<{ id: string; seconds: number }>;
  /** Failed tests and errors (collection errors included). */
  failures: TestCaseResult[];
  /** The JUnit file, relative to the project root. */
  junit: string;
}

/** A failure as a GitHub annotation; the shape `ui/github.ts` writes. */
export interface FailureAnnotation {
  level: 'error';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

const SLOWEST = 5;

export function summarize(
  layer: TestLayer,
  outcome: PytestOutcome,
  report: JUnitReport,
  context: { target: string | null; junit: string },
): TestSummary {
  const count = (status: TestCaseResult['status']): number => report.cases.filter((c) => c.status === status).length;
  const slowest = report.cases
    .filter((c) => c.status !== 'skipped' && c.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, SLOWEST)
    .map((c) => ({ id: c.id, seconds: c.seconds }));
  return {
    layer,
    target: context.target,
    outcome,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    total: report.cases.length,
    seconds: report.seconds,
    slowest,
    failures: report.cases.filter((c) => c.status === 'failed' || c.status === 'error'),
    junit: context.junit,
  };
}

/** The one-line verdict, e.g. `unit: 3 passed, 1 failed` or why the layer did not count. */
export function verdict(summary: TestSummary): string {
  if (summary.outcome === 'empty') return `${summary.layer}: no tests collected in tests/${summary.layer}/ (a layer without tests is a gap, not a pass)`;
  const parts = [`${summary.passed} passed`, `${summary.failed} failed`];
  if (summary.errors > 0) parts.push(`${summary.errors} errors`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  return `${summary.layer}: ${parts.join(', ')} in ${formatSeconds(summary.seconds)}`;
}

/** The table printed on stderr. */
export function renderTable(summary: TestSummary): string {
  const headers = ['layer', 'passed', 'failed', 'errors', 'skipped', 'time'];
  const values = [summary.layer, summary.passed, summary.failed, summary.errors, summary.skipped, formatSeconds(summary.seconds)].map(String);
  const widths = headers.map((h, i) => Math.max(h.length, values[i]?.length ?? 0));
  const row = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const lines = [row(headers), row(values)];
  if (summary.slowest.length > 0) {
    lines.push('', 'slowest');
    for (const test of summary.slowest) lines.push(`  ${formatSeconds(test.seconds).padStart(7)}  ${test.id}`);
  }
  for (const failure of summary.failures) {
    lines.push('', `${failure.status === 'error' ? 'ERROR' : 'FAILED'} ${failure.id}${where(failure)}`, `  ${failure.message ?? ''}`);
  }
  lines.push('', `JUnit report: ${summary.junit}`);
  return lines.join('\n');
}

/** Markdown for the GitHub step summary. */
export function renderMarkdown(summary: TestSummary): string {
  const icon = summary.outcome === 'passed' ? '✅' : '❌';
  const target = summary.target ? ` (target \`${summary.target}\`)` : '';
  const lines = [
    `### ${icon} dataops test ${summary.layer}${target}`,
    '',
    '| passed | failed | errors | skipped | time |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.passed} | ${summary.failed} | ${summary.errors} | ${summary.skipped} | ${formatSeconds(summary.seconds)} |`,
  ];
  if (summary.outcome === 'empty') lines.push('', `No tests collected in \`tests/${summary.layer}/\`.`);
  if (summary.failures.length > 0) {
    lines.push('', '**Failures**', '');
    for (const failure of summary.failures) lines.push(`- \`${failure.id}\`${where(failure)}: ${cell(failure.message ?? '')}`);
  }
  if (summary.slowest.length > 0) {
    lines.push('', '**Slowest**', '', '| test | time |', '| --- | ---: |');
    for (const test of summary.slowest) lines.push(`| \`${cell(test.id)}\` | ${formatSeconds(test.seconds)} |`);
  }
  return lines.join('\n');
}

export function failureAnnotations(summary: TestSummary): FailureAnnotation[] {
  return summary.failures.map((failure) => ({
    level: 'error',
    title: `${failure.status === 'error' ? 'error in' : 'failed:'} ${failure.id}`,
    message: failure.details ?? failure.message ?? failure.status,
    ...(failure.location ? { file: failure.location.file, ...(failure.location.line !== undefined ? { line: failure.location.line } : {}) } : {}),
  }));
}

function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(2)}s` : `${seconds.toFixed(1)}s`;
}

function where(failure: TestCaseResult): string {
  if (!failure.location) return '';
  return ` (${failure.location.file}${failure.location.line !== undefined ? `:${failure.location.line}` : ''})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
