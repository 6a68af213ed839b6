import { describe, expect, it } from 'vitest';
import { breachesOf, describeBreach } from '../../../src/core/slo/objectives.js';
import { latencyStats, percentile } from '../../../src/core/slo/percentiles.js';
import { readSloSettings } from '../../../src/core/slo/settings.js';
import { warehouseRef } from '../../../src/core/slo/warehouse-ref.js';

describe('percentiles (nearest rank)', () => {
  it('gives measured values: p50 and p95 of 1..100 ms are 50 and 95, of ten runs the 5th and the slowest', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(hundred, 50), percentile(hundred, 95), percentile(hundred, 100)]).toEqual([50, 95, 100]);
    expect(latencyStats([90, 10, 50, 70, 30, 20, 40, 60, 80, 100])).toEqual({ runs: 10, p50: 50, p95: 100, max: 100 });
    expect(latencyStats([7])).toEqual({ runs: 1, p50: 7, p95: 7, max: 7 });
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
    expect(() => percentile([1], 0)).toThrow('(0, 100]');
  });
});

describe('objectives', () => {
  it('breaches only the bounds that are set and exceeded (equal is within)', () => {
    const stats = { runs: 10, p50: 400, p95: 900, max: 950 };
    expect(breachesOf(stats, { p50_ms: 400, p95_ms: 800 }).map(describeBreach)).toEqual(['p95 900 ms > 800 ms']);
    expect(breachesOf(stats, {})).toEqual([]);
  });
});

describe('slo settings', () => {
  it('applies the defaults', () => {
    const settings = readSloSettings({ queries: [{ name: 'q', sql: 'SELECT 1', warehouse: 'abc', p95_ms: 500 }] });
    expect(settings).toEqual({
      queries: [{ name: 'q', sql: 'SELECT 1', warehouse: 'abc', objective: { p95_ms: 500 }, runs: 10, warmup: 1, resultCache: false, timeoutMs: 300_000, path: ['slo', 'queries', 0] }],
      scaling: [],
      warehouseStartTimeoutMs: 900_000,
    });
  });

  it('points at what the schema cannot say: sql or file, unique names, known queries for scaling', () => {
    expect(readSloSettings({ queries: [{ name: 'q', warehouse: 'w' }] })).toEqual({ message: 'slo query q needs exactly one of sql and file', path: ['slo', 'queries', 0] });
    expect(readSloSettings({ queries: [{ name: 'q', sql: 'S', file: 'f.sql', warehouse: 'w' }] })).toMatchObject({ message: 'slo query q needs exactly one of sql and file' });
    expect(readSloSettings({ queries: [{ name: 'q', sql: 'S', warehouse: 'w' }, { name: 'q', sql: 'S', warehouse: 'w' }] })).toEqual({
      message: 'two slo queries are named q',
      path: ['slo', 'queries', 1, 'name'],
    });
    expect(readSloSettings({ queries: [], scaling: [{ query: 'nope', concurrency: 4 }] })).toEqual({
      message: 'slo scaling names the query nope, which slo.queries does not define',
      path: ['slo', 'scaling', 0, 'query'],
    });
  });
});

describe('warehouse references', () => {
  const config = {
    variables: {
      resolved: { value: 'abc123' },
      lookup: { lookup: { warehouse: 'Shared' } },
      job: { lookup: { job: 'x' } },
    },
  };

  it('reads a variable value, a warehouse lookup, or takes the text as an id', () => {
    expect(warehouseRef('${var.resolved}', config)).toEqual({ id: 'abc123' });
    expect(warehouseRef('${var.lookup}', config)).toEqual({ lookupName: 'Shared' });
    expect(warehouseRef('0123456789abcdef', config)).toEqual({ id: '0123456789abcdef' });
  });

  it('says why a variable names no warehouse', () => {
    expect(warehouseRef('${var.missing}', config)).toBe('the bundle defines no variable missing');
    expect(warehouseRef('${var.job}', config)).toBe('the variable job has no value for this target, and it is not a warehouse lookup');
  });
});
