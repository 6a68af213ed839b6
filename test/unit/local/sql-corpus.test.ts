import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../../src/local/sql/duckdb.js';
import type { SqlEngine } from '../../../src/local/sql/engine.js';
import { ROOT } from '../../helpers/binary.js';

const corpus = readFileSync(path.join(ROOT, 'test', 'fixtures', 'databricks-sql', 'corpus.sql'), 'utf8');
const [head = '', ...caseTexts] = corpus.split(/^-- case: /m);
const setup = head.split(/^-- setup$/m)[1] ?? '';
const cases = caseTexts.map((text) => ({ name: text.slice(0, text.indexOf('\n')), sql: text.slice(text.indexOf('\n') + 1).trim() }));

/**
 * How much of the Databricks SQL that dashboards, SQL tasks and notebooks send runs on the
 * local warehouse (polyglot-sql to DuckDB). The figure is in docs/local.md; a change that
 * makes fewer statements run fails here, one that makes more run should raise RUNS.
 */
const RUNS = 40;

describe('the Databricks SQL corpus on the local warehouse', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-sql-corpus-'));
  let engine: SqlEngine;
  beforeAll(async () => {
    engine = await openDuckDb(path.join(dir, 'warehouse.duckdb'));
    await engine.run(setup, []);
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`runs at least ${RUNS} of the corpus' statements; each one that does not says where and why`, async () => {
    const failures: string[] = [];
    for (const { name, sql } of cases) {
      try {
        await engine.run(sql, []);
      } catch (error) {
        failures.push(`${name}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
      }
    }
    console.log(`Databricks SQL corpus: ${cases.length - failures.length} of ${cases.length} run on the local warehouse\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
    for (const failure of failures) expect(failure).toMatch(/\S+: \S/);
    expect(cases.length - failures.length).toBeGreaterThanOrEqual(RUNS);
  });
});
