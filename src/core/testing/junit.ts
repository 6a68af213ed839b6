import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One test of a JUnit report, as a person reads it. */
export interface TestCaseResult {
  /** `classname::name`, or the module for a collection error. */
  id: string;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  seconds: number;
  /** The failure's one-line message (failed, error, skipped). */
  message?: string;
  /** The failure's full text: the traceback pytest printed. */
  details?: string;
  /** Where the failure happened, relative to the project root. */
  location?: { file: string; line?: number };
}

export interface JUnitReport {
  cases: TestCaseResult[];
  seconds: number;
}

interface XmlOutcome {
  message?: string;
  '#text'?: string;
}

interface XmlCase {
  classname?: string;
  name?: string;
  time?: string;
  failure?: XmlOutcome[];
  error?: XmlOutcome[];
  skipped?: XmlOutcome[];
}

interface XmlSuite {
  time?: string;
  testcase?: XmlCase[];
}

const REPEATED = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

/**
 * Reads a JUnit XML report (pytest's xunit1 or xunit2, or any tool writing the common
 * `testsuites/testsuite/testcase` shape). `root` is the project root, so locations that a
 * tool wrote as absolute paths come out relative to it. Throws on a file that is not XML.
 */
export function parseJUnit(xml: string, root: string): JUnitReport {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not valid XML at line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '#text',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
  });
  const document = parser.parse(xml) as { testsuites?: { testsuite?: XmlSuite[] }; testsuite?: XmlSuite[] };
  const suites = document.testsuites?.testsuite ?? document.testsuite ?? [];
  const cases = suites.flatMap((suite) => (suite.testcase ?? []).map((c) => toResult(c, root)));
  const seconds = suites.reduce((sum, suite) => sum + parseSeconds(suite.time), 0);
  return { cases, seconds };
}

function toResult(xml: XmlCase, root: string): TestCaseResult {
  const id = xml.classname ? `${xml.classname}::${xml.name ?? ''}` : (xml.name ?? '');
  const base = { id, seconds: parseSeconds(xml.time) };
  const [status, outcome] = statusOf(xml);
  if (!outcome) return { ...base, status };
  const details = outcome['#text']?.trim() ?? '';
  const message = firstLine(outcome.message) ?? firstLine(details) ?? status;
  const location = locate(details, root) ?? moduleFile(xml);
  return { ...base, status, message, ...(details ? { details } : {}), ...(location ? { location } : {}) };
}

function statusOf(xml: XmlCase): [TestCaseResult['status'], XmlOutcome | undefined] {
  if (xml.failure?.[0]) return ['failed', xml.failure[0]];
  if (xml.error?.[0]) return ['error', xml.error[0]];
  if (xml.skipped?.[0]) return ['skipped', xml.skipped[0]];
  return ['passed', undefined];
}

/** pytest ends a traceback with `path/to/test.py:LINE: Error`; the last such line is the test's own frame. */
function locate(details: string, root: string): TestCaseResult['location'] {
  const frames = [...details.matchAll(/^(\S[^\n:]*\.py):(\d+)(?::|$)/gm)];
  const last = frames.at(-1);
  if (!last?.[1]) return undefined;
  return { file: relativeTo(root, last[1]), line: Number(last[2]) };
}

/** A collection error names the module (`tests.unit.test_x`) instead of a test. */
function moduleFile(xml: XmlCase): TestCaseResult['location'] {
  if (xml.classname || !xml.name || !/^[\w.]+$/.test(xml.name)) return undefined;
  return { file: `${xml.name.replace(/\./g, '/')}.py` };
}

function relativeTo(root: string, file: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  return line?.trim();
}

function parseSeconds(text: string | undefined): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : 0;
}
