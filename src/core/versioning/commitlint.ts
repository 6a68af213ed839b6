import { parseCommitMessage } from './conventional.js';

/** The types of commitlint's config-conventional, in its order. */
export const CONVENTIONAL_TYPES = ['build', 'chore', 'ci', 'docs', 'feat', 'fix', 'perf', 'refactor', 'revert', 'style', 'test'] as const;

/** config-conventional's limit for the header, body and footer lines. */
export const MAX_LINE_LENGTH = 100;

export interface LintFinding {
  /** The config-conventional rule name, so people can look it up. */
  rule: string;
  level: 'error' | 'warning';
  message: string;
}

export interface LintResult {
  /** What was checked, e.g. `PR title` or a commit SHA. */
  source: string;
  header: string;
  valid: boolean;
  /** True when the message is one commitlint ignores (merge commits, reverts, fixups). */
  ignored: boolean;
  findings: LintFinding[];
}

/** commitlint's default ignores: messages git or GitHub write, which are not Conventional Commits. */
const IGNORED = [
  /^((Merge pull request)|(Merge (.*?) into (.*?)|(Merge branch (.*?)))(?:\r?\n)*$)/m,
  /^(Merge tag (.*?))(?:\r?\n)*$/m,
  /^(R|r)evert (.*)/,
  /^(fixup|squash|amend)!/,
  /^(Merged (.*?)(in|into) (.*)|Merged PR (.*): (.*))/,
  /^Merge remote-tracking branch(\s*)(.*)/,
  /^Automatic merge(.*)/,
  /^Auto-merged (.*?) into (.*)/,
];

const HEADER_SHAPE = 'type(scope)!: subject, e.g. "feat(jobs): add the daily sales job"';

/**
 * Checks one message against Conventional Commits 1.0 as commitlint's
 * config-conventional does. Each finding quotes the offending text.
 */
export function lintCommitMessage(message: string, source: string): LintResult {
  const header = (message.split(/\r?\n/)[0] ?? '').trimEnd();
  if (IGNORED.some((pattern) => pattern.test(message))) return { source, header, valid: true, ignored: true, findings: [] };
  const findings = [...headerFindings(message, header), ...bodyFindings(message)];
  return { source, header, valid: !findings.some((f) => f.level === 'error'), ignored: false, findings };
}

function headerFindings(message: string, header: string): LintFinding[] {
  const error = (rule: string, text: string): LintFinding => ({ rule, level: 'error', message: text });
  const findings: LintFinding[] = [];
  if (header.length > MAX_LINE_LENGTH) {
    findings.push(error('header-max-length', `the header is ${header.length} characters, more than ${MAX_LINE_LENGTH}: "${header}"`));
  }
  if (header !== header.trimStart()) findings.push(error('header-trim', `the header starts with white space: "${header}"`));
  const parsed = parseCommitMessage(message.trimStart());
  const type = parsed.type ?? '';
  const subject = parsed.subject ?? '';
  if (!type || !subject) {
    findings.push(error('type-empty', `"${header}" is not a Conventional Commit header: write ${HEADER_SHAPE}`));
    return findings;
  }
  if (type !== type.toLowerCase()) findings.push(error('type-case', `the type "${type}" must be lower-case: "${type.toLowerCase()}"`));
  if (!(CONVENTIONAL_TYPES as readonly string[]).includes(type.toLowerCase())) {
    findings.push(error('type-enum', `the type "${type}" is not one of ${CONVENTIONAL_TYPES.join(', ')}`));
  }
  if (/^\p{Lu}/u.test(subject)) {
    findings.push(error('subject-case', `the subject must not start with a capital letter: "${subject}" (write "${lowerFirst(subject)}")`));
  }
  if (subject.endsWith('.')) findings.push(error('subject-full-stop', `the subject must not end with a full stop: "${subject}"`));
  return findings;
}

function bodyFindings(message: string): LintFinding[] {
  const lines = message.trimEnd().split(/\r?\n/);
  const findings: LintFinding[] = [];
  if (lines.length > 1 && lines[1] !== '') {
    findings.push({ rule: 'body-leading-blank', level: 'warning', message: `leave a blank line after the header, before "${lines[1]}"` });
  }
  lines.slice(1).forEach((line, index) => {
    if (line.length > MAX_LINE_LENGTH && !/^\S+:\/\/\S+$/.test(line.trim())) {
      findings.push({
        rule: 'body-max-line-length',
        level: 'error',
        message: `line ${index + 2} is ${line.length} characters, more than ${MAX_LINE_LENGTH}: "${line.slice(0, 60)}…"`,
      });
    }
  });
  return findings;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
