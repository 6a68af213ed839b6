import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJUnit } from '../../../src/core/testing/junit.js';
import { failureAnnotations, renderMarkdown, renderTable, summarize, verdict } from '../../../src/core/testing/summary.js';
import { ROOT } from '../../helpers/binary.js';

/** Reports written by pytest 9.2 (see the tests in test/e2e/testing for ones written during the run). */
const fixture = (name: string): string => readFileSync(path.join(ROOT, 'test', 'fixtures', 'test-layers', 'junit', name), 'utf8');

describe('parseJUnit on reports written by pytest', () => {
  it('reads passed, failed, skipped and setup errors, with the failing line relative to the project', () => {
    const report = parseJUnit(fixture('pytest-failures.xml'), '/tmp/pyt');
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['tests.unit.test_a::test_ok', 'passed'],
      ['tests.unit.test_a::test_fail', 'failed'],
      ['tests.unit.test_a::test_skip', 'skipped'],
      ['tests.unit.test_a.TestX::test_err', 'error'],
    ]);
    const [, failed, skipped, error] = report.cases;
    expect(failed).toMatchObject({ message: 'AssertionError: math is broken', location: { file: 'tests/unit/test_a.py', line: 3 } });
    expect(failed?.details).toContain('assert (1 + 1) == 3');
    expect(skipped?.message).toBe('not today');
    expect(error?.location).toEqual({ file: 'tests/unit/test_a.py', line: 7 });
    expect(report.seconds).toBeCloseTo(0.177);
  });

  it('places a collection error at the module, not in the importlib frame above it', () => {
    const [broken] = parseJUnit(fixture('pytest-collection-error.xml'), '/tmp/pyt').cases;
    expect(broken).toMatchObject({ id: 'tests.unit.test_broken', status: 'error', location: { file: 'tests/unit/test_broken.py', line: 1 } });
  });

  it('reads an empty run as no cases', () => {
    expect(parseJUnit(fixture('pytest-empty.xml'), '/tmp/pyt').cases).toEqual([]);
  });

  it('refuses a file that is not XML', () => {
    expect(() => parseJUnit('<testsuites><testsuite></testsuites>', '/')).toThrow(/not valid XML at line 1/);
  });
});

describe('the summary of a layer', () => {
  const report = parseJUnit(fixture('pytest-failures.xml'), '/tmp/pyt');
  const summary = summarize('unit', 'failed', report, { target: 'dev', junit: 'reports/unit.xml' });

  it('counts each outcome and lists the slowest tests first', () => {
    expect(summary).toMatchObject({ passed: 1, failed: 1, errors: 1, skipped: 1, total: 4 });
    expect(summary.slowest.map((t) => t.id)).toEqual(['tests.unit.test_a::test_ok', 'tests.unit.test_a::test_fail']);
    expect(verdict(summary)).toBe('unit: 1 passed, 1 failed, 1 errors, 1 skipped in 0.18s');
  });

  it('renders a table for stderr and Markdown for the step summary, escaping table cells', () => {
    expect(renderTable(summary).split('\n').slice(0, 2)).toEqual(['layer  passed  failed  errors  skipped   time', 'unit        1       1       1        1  0.18s']);
    expect(renderTable(summary)).toContain('FAILED tests.unit.test_a::test_fail (tests/unit/test_a.py:3)');
    const piped = summarize('unit', 'failed', { cases: [{ id: 'a|b', status: 'failed', seconds: 1, message: 'x | y' }], seconds: 1 }, { target: null, junit: 'r.xml' });
    expect(renderMarkdown(piped)).toContain('- `a|b`: x \\| y');
    expect(renderMarkdown(piped)).toContain('| `a\\|b` | 1.00s |');
  });

  it('annotates each failure at its file and line with the traceback as message', () => {
    const annotations = failureAnnotations(summary);
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatchObject({ level: 'error', title: 'failed: tests.unit.test_a::test_fail', file: 'tests/unit/test_a.py', line: 3 });
    expect(annotations[0]?.message).toContain('E   AssertionError: math is broken');
    expect(annotations[1]?.title).toBe('error in tests.unit.test_a.TestX::test_err');
  });

  it('says that an empty layer is a gap', () => {
    const empty = summarize('nonfunctional', 'empty', { cases: [], seconds: 0 }, { target: null, junit: 'reports/nonfunctional.xml' });
    expect(verdict(empty)).toBe('nonfunctional: no tests collected in tests/nonfunctional/ (a layer without tests is a gap, not a pass)');
    expect(renderMarkdown(empty)).toContain('No tests collected in `tests/nonfunctional/`.');
  });
});
