import type { Rule } from '../../core/rules/rule.js';
import type { Finding, ValidateReport } from '../../core/validate.js';

export interface SarifOptions {
  version: string;
  /** The bundle root relative to the repository root ('' when they are the same): SARIF paths are repository paths. */
  uriPrefix: string;
  /** Where findings without a file point (code scanning needs a location): the bundle's root file. */
  rootFile: string;
}

function ruleHelp(rule: Rule): { text: string; markdown: string } {
  const { description, bad, good } = rule.doc;
  return {
    text: `${description}\n\nBad:\n${bad}\n\nGood:\n${good}`,
    markdown: `${description}\n\n**Bad**\n\n\`\`\`yaml\n${bad}\n\`\`\`\n\n**Good**\n\n\`\`\`yaml\n${good}\n\`\`\``,
  };
}

function resultText(finding: Finding): string {
  if (finding.policy) return `${finding.message}. Policy: ${finding.policy} Change: ${finding.hint ?? ''}`;
  return finding.hint ? `${finding.message}. Hint: ${finding.hint}` : finding.message;
}

/** A SARIF 2.1.0 log that GitHub code scanning accepts (github/codeql-action/upload-sarif). */
export function renderSarif(report: ValidateReport, rules: readonly Rule[], options: SarifOptions): object {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const uri = (file: string): string => (options.uriPrefix ? `${options.uriPrefix.replace(/\/$/, '')}/${file}` : file);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dataops',
            version: options.version,
            informationUri: 'https://github.com/dataops-cli/dataops',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_m, _dash: string, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.doc.summary },
              fullDescription: { text: rule.doc.description },
              help: ruleHelp(rule),
              defaultConfiguration: { level: rule.severity },
              ...(rule.policy ? { properties: { tags: ['policy'], policy: rule.policy.statement } } : {}),
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ...(index.has(finding.rule) ? { ruleIndex: index.get(finding.rule) } : {}),
          level: finding.severity,
          message: { text: resultText(finding) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(finding.file ?? options.rootFile) },
                region: { startLine: finding.line ?? 1, startColumn: finding.column ?? 1 },
              },
            },
          ],
          ...(finding.target === null ? {} : { properties: { target: finding.target } }),
        })),
      },
    ],
  };
}
