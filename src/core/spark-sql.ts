import { characters, MAX_SQL_STATEMENT_CHARS } from './bundle/limits.js';
import type { SqlSyntaxError } from './rules/rule.js';

/**
 * Spark SQL syntax checking with dt-sql-parser's grammar, tuned for SQL written on Databricks:
 * templates and Unity Catalog names are rewritten (keeping every column in place) before parsing,
 * and statements in syntax only Databricks knows are not judged, so nothing valid is reported.
 */

/** dt-sql-parser's `SparkSQL.validate` (1-based lines and columns). */
export type SparkValidate = (sql: string) => ReadonlyArray<{ startLine: number; startColumn: number; message: string }>;

/** `${var}` (bundle, DLT configuration) and `{{param}}` (job parameters, legacy queries). */
const TEMPLATE = /\$\{[^}\n]*\}|\{\{[^}\n]*\}\}/g;
const PART = '(?:`[^`\\n]+`|[A-Za-z_][A-Za-z0-9_]*)';
/** catalog.schema.table: the grammar knows two-part names only, outside SELECT. */
const THREE_PART = new RegExp(`${PART}\\.${PART}(?=\\.${PART})`, 'g');
/** `$$ … $$` bodies (metric view YAML, SQL functions in Python): a string to the grammar, lines kept. */
const DOLLAR_QUOTED = /\$\$([\s\S]*?)\$\$/g;

/** Statements (or parts of them) that are Databricks SQL or pipeline SQL, not Spark's grammar. */
const DATABRICKS_ONLY: readonly RegExp[] = [
  /^\s*CREATE\s+(?:OR\s+(?:REFRESH|REPLACE)\s+)?(?:PRIVATE\s+|TEMPORARY\s+)?(?:STREAMING\s+(?:LIVE\s+)?TABLE|MATERIALIZED\s+VIEW|LIVE\s+(?:TABLE|VIEW)|FLOW|SINK|CATALOG|VOLUME|CONNECTION|SHARE|RECIPIENT|EXTERNAL\s+LOCATION|STORAGE\s+CREDENTIAL|PROVIDER|SERVICE\s+CREDENTIAL)\b/i,
  /^\s*CREATE\s+OR\s+REFRESH\b/i,
  /^\s*(?:APPLY\s+CHANGES|AUTO\s+CDC|COPY\s+INTO|OPTIMIZE|VACUUM|SYNC|REFRESH|RESTORE|FSCK|GRANT|REVOKE|USE\s+CATALOG|EXECUTE\s+IMMEDIATE|BEGIN|DECLARE|FOR|IF|WHILE|LOOP|REPEAT|CALL)\b/i,
  /^\s*(?:ALTER|DROP|DESCRIBE|COMMENT\s+ON)\s+(?:CATALOG|VOLUME|STREAMING\s+TABLE|MATERIALIZED\s+VIEW|CONNECTION|SHARE|RECIPIENT|EXTERNAL\s+LOCATION|STORAGE\s+CREDENTIAL)\b/i,
  /^\s*(?:DESCRIBE|DESC)\s+(?:HISTORY|DETAIL)\b/i,
  /^\s*SHOW\s+(?:CATALOGS|VOLUMES|GRANTS?|SHARES|RECIPIENTS|EXTERNAL\s+LOCATIONS|STORAGE\s+CREDENTIALS|CONNECTIONS)\b/i,
  /\bQUALIFY\b/i,
  /::/,
  /[\w\]`)]:[A-Za-z_`[]/, // semi-structured paths: raw:order.id
  /\b(?:STREAM|IDENTIFIER)\s*\(/i,
  /\bLIVE\./i,
  /\bCLUSTER\s+BY\b/i,
  /\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\b/i,
  /\bCONSTRAINT\b[\s\S]*\bEXPECT\b/i,
  /\b(?:SHALLOW|DEEP)\s+CLONE\b/i,
  /\b(?:MASK|ROW\s+FILTER|WITH\s+SCHEMA\s+EVOLUTION|TIMESTAMP_NTZ|VARIANT|COLLATE|DEFAULT\s+COLLATION)\b/i,
  /\*\s*EXCEPT\s*\(/i,
  /\bWITH\s+RECURSIVE\b/i,
  /\bWITH\s+METRICS\b/i, // metric views: CREATE VIEW … WITH METRICS LANGUAGE YAML AS $$ … $$
  /\|>/,
];

interface Span {
  start: number;
  end: number;
}

/** Statements of a script, split on `;` outside quotes and comments. */
function statements(sql: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '-' && sql[i + 1] === '-') i = endOf(sql, '\n', i + 2);
    else if (c === '/' && sql[i + 1] === '*') i = endOf(sql, '*/', i + 2);
    else if (c === "'" || c === '"' || c === '`') i = endOfQuote(sql, c, i + 1);
    else {
      if (c === ';') {
        spans.push({ start, end: i });
        start = i + 1;
      }
      i++;
    }
  }
  spans.push({ start, end: sql.length });
  return spans;
}

function endOf(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? text.length : at + close.length;
}

function endOfQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/** The statement text without its leading comments, to match the patterns above. */
function withoutComments(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

export function sparkSqlErrors(sql: string, validate: SparkValidate): SqlSyntaxError[] {
  const templates: Span[] = [];
  const masked = sql
    .replace(DOLLAR_QUOTED, (_match, body: string) => ` '${body.replace(/[^\n]/g, ' ')}' `)
    .replace(TEMPLATE, (match, offset: number) => {
      templates.push({ start: offset, end: offset + match.length });
      return '_'.repeat(match.length);
    })
    .replace(THREE_PART, (match) => '_'.repeat(match.length));
  const lineStarts = [0];
  for (let i = 0; i < masked.length; i++) if (masked[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (line: number, column: number): number => (lineStarts[line - 1] ?? 0) + column - 1;
  const spans = statements(masked);
  const errors: SqlSyntaxError[] = [];
  const judged = new Set<Span>();
  // The grammar's lexer takes quadratic time on one long token: a statement past the limit is left out, and said so.
  let checked = masked;
  for (const span of spans) {
    if (span.end - span.start <= MAX_SQL_STATEMENT_CHARS) continue;
    judged.add(span);
    const placeholder = masked.slice(span.start, span.end).replace(/[^\n]/g, ' ').replace(/^( *)( {8})/, '$1SELECT 1');
    checked = checked.slice(0, span.start) + placeholder + checked.slice(span.end);
    const lead = /^\s*/.exec(masked.slice(span.start, span.end))?.[0] ?? '';
    const offset = span.start + lead.length;
    const line = lineStarts.findLastIndex((start) => start <= offset) + 1;
    errors.push({
      line,
      column: offset - (lineStarts[line - 1] ?? 0) + 1,
      message: `the statement is ${characters(span.end - span.start)} long, over the limit of ${characters(MAX_SQL_STATEMENT_CHARS)} the grammar is run on`,
      unchecked: true,
    });
  }
  for (const error of validate(checked)) {
    const offset = offsetOf(error.startLine, error.startColumn);
    // A template stands for a value we cannot see: what the parser says next to it is a guess.
    if (templates.some((t) => offset >= t.start && offset <= t.end)) continue;
    const statement = spans.find((s) => offset >= s.start && offset <= s.end);
    if (statement) {
      if (judged.has(statement)) continue; // the first error of a statement is the one that matters
      judged.add(statement);
      const text = withoutComments(sql.slice(statement.start, statement.end));
      if (DATABRICKS_ONLY.some((pattern) => pattern.test(text))) continue;
    }
    errors.push({ line: error.startLine, column: error.startColumn, message: error.message });
  }
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}
