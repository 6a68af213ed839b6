/**
 * Hostile bundles end in an error at the file and line that caused it, never a hang, a crash
 * or gigabytes of memory: alias bombs, merge-key chains, deep nesting, huge files, runaway
 * interpolation; and every resolver error of a variable or an include names its place.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../../src/core/bundle/model.js';
import { isGlobPattern } from '../../../src/core/bundle/mutators/load.js';
import { MAX_FILE_CHARS, MAX_NESTING_DEPTH, MAX_SQL_STATEMENT_CHARS } from '../../../src/core/bundle/limits.js';
import { parseYamlSource } from '../../../src/core/yaml-source.js';
import { UsageError } from '../../../src/core/errors.js';
import { sparkSqlChecker } from '../../helpers/rule-context.js';
import { at, errors, resolve } from './helpers.js';

const HEAD = 'bundle:\n  name: b\ntargets:\n  dev:\n    default: true\n';

/** A file that cannot be loaded stops the resolver with an input error (exit 2) at its place: `message @ file:line`. */
function loadError(files: Record<string, string>): string {
  try {
    resolve(files);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return `${error.message} @ ${error.location?.file}:${error.location?.line}`;
  }
  return 'loaded';
}

/** Each error as `summary @ file:line`, where validate points at it (a placeless CLI error at its subject). */
function placed(result: ResolvedTarget): string[] {
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const where = d.locations.length > 0 ? d.locations : d.subject ? [result.locate(d.subject)].flatMap((l) => (l ? [l] : [])) : [];
      return `${d.summary} @ ${where.map((l) => `${l.file}:${l.line}`).join(',')}`;
    });
}

function aliasBomb(levels: number): string {
  const lines = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

describe('limits of a configuration file', () => {
  it('stops an alias bomb at the alias that expands the file past the limit', () => {
    const error = loadError({ 'databricks.yml': `${HEAD}variables:\n  bomb:\n    type: complex\n    default:\n${aliasBomb(9).replace(/^/gm, '      ')}\n` });
    expect(error).toMatch(/^failed to load databricks\.yml: aliases and merge keys expand this file past 1,000,000 values, the limit .* @ databricks\.yml:1[0-9]$/);
  });

  it('keeps aliases that do not multiply the file, sharing one value', () => {
    const shared = ['resources:', '  jobs:', '    a:', '      tags: &tags {team: data, cost: a1}', ...Array.from({ length: 300 }, (_, i) => `    j${i}:\n      tags: *tags`)].join('\n');
    const result = resolve({ 'databricks.yml': `${HEAD}${shared}\n` });
    expect(errors(result)).toEqual([]);
    expect(at(result, 'resources.jobs.j299.tags.team')).toBe('data');
  });

  it('reads a chain of merge keys in linear time', () => {
    const lines = ['m0: &m0 {k0: v}'];
    for (let i = 1; i <= 40; i++) lines.push(`m${i}: &m${i}\n  <<: [*m${i - 1}, *m${i - 1}]\n  k${i}: v`);
    const result = resolve({ 'databricks.yml': `${HEAD}variables:\n  chain:\n    type: complex\n    default:\n${lines.join('\n').replace(/^/gm, '      ')}\n` });
    expect(errors(result)).toEqual([]);
    expect(at(result, 'variables.chain.default.m40.k0')).toBe('v');
  });

  it.each([
    ['flow', `x: ${'['.repeat(1000)}${']'.repeat(1000)}\n`],
    ['block', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['just past the limit', `x: ${'['.repeat(MAX_NESTING_DEPTH + 1)}${']'.repeat(MAX_NESTING_DEPTH + 1)}\n`],
  ])('reports %s nesting past the limit as a limit at the place, not a stack overflow', (_kind, text) => {
    const error = loadError({ 'databricks.yml': `${HEAD}include:\n  - deep.yml\n`, 'deep.yml': text });
    expect(error).toMatch(new RegExp(`^failed to load deep\\.yml: maps and sequences nest deeper than ${MAX_NESTING_DEPTH} levels, the limit for a configuration file @ deep\\.yml:\\d+$`));
    const written = parseYamlSource('deep.yml', text);
    expect(written.ok ? 'parsed' : written.error.message).toMatch(/^maps and sequences nest deeper than|^parsed$/);
  });

  it('places nesting a thousand levels deep and more where it passes the limit, not where the parser ran out of stack', () => {
    const limitError = (text: string): { message: string; line?: number; column?: number } => {
      try {
        resolve({ 'databricks.yml': `${HEAD}include:\n  - deep.yml\n`, 'deep.yml': text });
      } catch (error) {
        if (error instanceof UsageError) return { message: error.message, line: error.location?.line, column: error.location?.column };
        throw error;
      }
      return { message: 'loaded' };
    };
    // Past the limit by one, the loader itself stops at the level; far deeper, the parser overflows first.
    const flow = (depth: number) => `x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    const compact = (depth: number) => `x:\n  ${'- '.repeat(depth)}1\n`;
    const block = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ` 1\n`;
    for (const [shape, deep] of [[flow, 20_000], [compact, 20_000], [block, 1000]] as const) {
      const exact = limitError(shape(MAX_NESTING_DEPTH + 1));
      expect(exact.message).toMatch(/nest deeper than/);
      expect(limitError(shape(deep))).toEqual(exact);
    }
    expect(limitError(block(1000)).line).toBe(MAX_NESTING_DEPTH + 1);
  });

  it('refuses a file over the size limit at its first line', () => {
    const error = loadError({ 'databricks.yml': `${HEAD}include:\n  - big.yml\n`, 'big.yml': `x: "${'a'.repeat(MAX_FILE_CHARS)}"\n` });
    expect(error).toBe('failed to load big.yml: the file is 16 MiB long, over the limit of 16 MiB for a configuration file @ big.yml:1');
  });
});

describe('interpolation', () => {
  it('interpolates thousands of references in one string in one pass', () => {
    const many = Array.from({ length: 16_000 }, () => '${var.x}').join('-');
    const result = resolve({ 'databricks.yml': `${HEAD}variables:\n  x:\n    default: ab\n  many:\n    default: "${many}"\n` });
    expect(errors(result)).toEqual([]);
    expect(at(result, 'variables.many.value')).toBe(Array.from({ length: 16_000 }, () => 'ab').join('-'));
  });

  it('stops a variable chain that doubles its length at each step, at the variable that exceeds the limit', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `  v${i}:\n    default: "\${var.v${i + 1}}\${var.v${i + 1}}"`).join('\n');
    const result = resolve({ 'databricks.yml': `${HEAD}variables:\n${chain}\n  v40:\n    default: abcdefgh\n` });
    expect(placed(result)).toEqual([expect.stringMatching(/^interpolating \$\{var\.v\d+\} makes a string longer than 1 MiB, the limit for one value @ databricks\.yml:\d+$/)]);
  });
});

describe('resolver errors name the file and line', () => {
  it('a variable cycle, at the variable that starts it', () => {
    const result = resolve({ 'databricks.yml': `${HEAD}variables:\n  a:\n    default: \${var.b}\n  b:\n    default: \${var.a}\n` });
    expect(placed(result)).toEqual([expect.stringMatching(/^cycle detected in field resolution: .* @ databricks\.yml:8$/)]);
  });

  it('a required variable without a value, where it is declared', () => {
    const result = resolve({ 'databricks.yml': `${HEAD}variables:\n  needed:\n    description: no default\n` });
    expect(placed(result)).toEqual([expect.stringMatching(/^no value assigned to required variable needed\. .* @ databricks\.yml:8$/)]);
  });

  it('an unknown variable, where it is referenced', () => {
    const result = resolve({ 'databricks.yml': `${HEAD}resources:\n  jobs:\n    j:\n      name: \${var.nope}\n` });
    expect(placed(result)).toEqual(['reference does not exist: ${var.nope} @ databricks.yml:9']);
  });
});

describe('include errors, as the Databricks CLI words them', () => {
  it.each([
    ['nope.yml', "nope.yml defined in 'include' section does not match any files"],
    ['/etc/*', '/etc/*: includes must be relative paths'],
    ['[', 'syntax error in pattern'],
    ['resources/[a-', 'syntax error in pattern'],
    ['resources/x\\', 'syntax error in pattern'],
  ])('include %j', (pattern, message) => {
    const result = resolve({ 'databricks.yml': `${HEAD}include:\n  - ${JSON.stringify(pattern)}\n` });
    expect(placed(result)).toEqual([`${message} @ databricks.yml:7`]);
    // The CLI prints these with no place and no detail; only validate points at the entry.
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.locations, d.detail])).toEqual([[[], undefined]]);
  });

  it('loads no file when a later entry fails, as the CLI', () => {
    const result = resolve({
      'databricks.yml': `${HEAD}include:\n  - resources/*.yml\n  - resources/nope.yml\n`,
      'resources/job.yml': 'resources:\n  jobs:\n    job:\n      name: job\n',
    });
    expect(placed(result)).toEqual(["resources/nope.yml defined in 'include' section does not match any files @ databricks.yml:8"]);
    expect(at(result, 'resources')).toBeUndefined();
  });

  it('accepts the patterns Go accepts', () => {
    expect(['resources/*.yml', 'a/[abc].yml', 'a/[^a-c].yml', 'a/[\\]].yml', 'a\\*b', 'x?.yaml'].filter((p) => !isGlobPattern(p))).toEqual([]);
    expect(['[', '[]', '[a-]', '[-a]', 'a\\', '[a'].filter((p) => isGlobPattern(p))).toEqual([]);
  });
});

describe('SQL past the grammar limit', () => {
  it('reports a statement too long to check at its line, and checks the others', async () => {
    const sql = `SELECT 1;\nSELECT '${'a'.repeat(MAX_SQL_STATEMENT_CHARS)}' AS x;\nSELECT FROM WHERE;\n`;
    const errors = await sparkSqlChecker().check(sql);
    expect(errors.map((e) => [e.line, e.unchecked ?? false, e.message.slice(0, 40)])).toEqual([
      [2, true, 'the statement is 16 KiB long, over the l'],
      [3, false, expect.any(String)],
    ]);
  });
});
