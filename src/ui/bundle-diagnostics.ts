/**
 * Bundle diagnostics in the Databricks CLI's text format, so output (and tooling that
 * reads it) matches `databricks bundle validate`:
 *
 *   Warning: required field "entry_point" is not set
 *     at resources.jobs.my_job.tasks[4].python_wheel_task
 *     in resources/my_job.yml:33:13
 *        override_job.yml:29:17
 */
import kleur from 'kleur';
import type { Diagnostic } from '../core/bundle/model.js';

const LABEL: Record<Diagnostic['severity'], (s: string) => string> = {
  error: (s) => kleur.red(s),
  warning: (s) => kleur.yellow(s),
  recommendation: (s) => kleur.blue(s),
  info: (s) => s,
};

const TITLE: Record<Diagnostic['severity'], string> = { error: 'Error', warning: 'Warning', recommendation: 'Recommendation', info: 'Info' };

export function formatBundleDiagnostic(d: Diagnostic): string {
  const lines = [`${LABEL[d.severity](TITLE[d.severity])}: ${d.summary}`];
  if (d.paths.length > 0 && d.paths[0] !== '') {
    d.paths.forEach((p, i) => lines.push(`  ${i === 0 ? 'at ' : '   '}${kleur.green(p)}`));
  }
  d.locations.forEach((l, i) => lines.push(`  ${i === 0 ? 'in ' : '   '}${kleur.cyan(`${l.file}:${l.line}:${l.column}`)}`));
  if (d.detail) lines.push('', d.detail);
  return lines.join('\n');
}
