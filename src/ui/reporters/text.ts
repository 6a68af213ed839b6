import kleur from 'kleur';
import type { Finding, ValidateReport } from '../../core/validate.js';

/** Reads a file of the bundle for the code frame; undefined when it cannot be read. */
export type SourceReader = (file: string) => string | undefined;

const severityLabel = (finding: Finding): string =>
  finding.severity === 'error' ? kleur.red('error  ') : kleur.yellow('warning');

/** The offending line with a caret under the column, and its line number in the gutter. */
function codeFrame(text: string | undefined, line: number | null, column: number | null): string[] {
  if (text === undefined || line === null) return [];
  const source = text.split(/\r?\n/)[line - 1];
  if (source === undefined) return [];
  const gutter = String(line).length;
  const caret = ' '.repeat(Math.max(0, (column ?? 1) - 1)) + kleur.red('^');
  return [
    kleur.dim(`    ${String(line)} | `) + source.replace(/\t/g, ' '),
    kleur.dim(`    ${' '.repeat(gutter)} | `) + caret,
  ];
}

/** Findings grouped by file, each with a code frame and its hint; then a one-line summary. */
export function renderText(report: ValidateReport, read: SourceReader): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const key = finding.file ?? '(bundle)';
    byFile.set(key, [...(byFile.get(key) ?? []), finding]);
  }
  const texts = new Map<string, string | undefined>();
  for (const [file, findings] of byFile) {
    lines.push(kleur.underline(file));
    for (const finding of findings) {
      const place = finding.line === null ? '' : `${finding.line}:${finding.column ?? 1}`;
      const target = finding.target === null ? '' : kleur.dim(` [${finding.target}]`);
      lines.push(`  ${kleur.dim(place.padEnd(7))} ${severityLabel(finding)}  ${finding.message}  ${kleur.dim(finding.rule)}${target}`);
      if (finding.file !== null && !texts.has(finding.file)) texts.set(finding.file, read(finding.file));
      lines.push(...codeFrame(finding.file === null ? undefined : texts.get(finding.file), finding.line, finding.column));
      if (finding.policy) lines.push(`    ${kleur.cyan('policy:')} ${finding.policy}`);
      if (finding.hint) lines.push(`    ${kleur.cyan(finding.policy ? 'change:' : 'hint:')} ${finding.hint}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(report));
  return lines.join('\n');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine({ summary }: ValidateReport): string {
  // No target was resolved when the bundle did not load: the error is about the files.
  const scope = summary.targets.length === 0 ? 'the bundle (it did not load)' : `${plural(summary.targets.length, 'target')} (${summary.targets.join(', ')})`;
  if (summary.errors === 0 && summary.warnings === 0) return `${kleur.green('✔')} no problems in ${scope}`;
  const mark = summary.errors > 0 ? kleur.red('✖') : kleur.yellow('!');
  return `${mark} ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${scope}`;
}
