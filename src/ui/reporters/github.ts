import type { ValidateReport } from '../../core/validate.js';
import { formatAnnotation } from '../github.js';

/** `::error file=…,line=…::` workflow commands, one per finding (paths relative to the repository root). */
export function renderAnnotations(report: ValidateReport, uriPrefix: string): string {
  const prefix = uriPrefix ? `${uriPrefix.replace(/\/$/, '')}/` : '';
  return report.findings
    .map((finding) =>
      formatAnnotation({
        level: finding.severity,
        title: `dataops validate: ${finding.rule}${finding.target === null ? '' : ` (${finding.target})`}`,
        message: finding.policy ? `${finding.message}\npolicy: ${finding.policy}\nchange: ${finding.hint ?? ''}` : finding.hint ? `${finding.message}\nhint: ${finding.hint}` : finding.message,
        ...(finding.file === null ? {} : { file: prefix + finding.file }),
        ...(finding.line === null ? {} : { line: finding.line }),
        ...(finding.column === null ? {} : { column: finding.column }),
      }),
    )
    .join('\n');
}

/** Markdown for the job's step summary. */
export function renderStepSummary(report: ValidateReport): string {
  const { errors, warnings, targets } = report.summary;
  const head = `### dataops validate: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${targets.join(', ')})`;
  if (report.findings.length === 0) return `${head}\n\nNo problems found.`;
  const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = report.findings.map(
    (f) => `| ${f.severity} | \`${f.rule}\` | ${f.file === null ? '' : `${f.file}${f.line === null ? '' : `:${f.line}`}`} | ${escape(f.message)} |`,
  );
  return [head, '', '| severity | rule | where | message |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
