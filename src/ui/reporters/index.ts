import type { Rule } from '../../core/rules/rule.js';
import type { ValidateReport } from '../../core/validate.js';
import { renderAnnotations } from './github.js';
import { renderSarif } from './sarif.js';
import { renderText, type SourceReader } from './text.js';

export { summaryLine } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  rules: readonly Rule[];
  version: string;
  read: SourceReader;
  /** The bundle root relative to the repository root ('' when the same), for SARIF and annotations. */
  uriPrefix: string;
  rootFile: string;
}

/** What `dataops validate` prints on stdout in each format. */
export function renderReport(format: Format, report: ValidateReport, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'sarif':
      return JSON.stringify(renderSarif(report, options.rules, options), null, 2);
    case 'github':
      return renderAnnotations(report, options.uriPrefix);
    case 'text':
      return renderText(report, options.read);
  }
}
