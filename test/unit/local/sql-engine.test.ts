import { describe, expect, it } from 'vitest';
import { bindNamedParameters, databricksType } from '../../../src/local/sql/engine.js';

describe('statement parameters and result types', () => {
  it('turns :name markers into typed engine parameters, leaving quoted text and :: casts alone', () => {
    const bound = bindNamedParameters("SELECT ':day' AS literal, amount::INT, :day AS day, :n + 1 FROM t WHERE x = :missing", [
      { name: 'day', value: '2026-01-02', type: 'DATE' },
      { name: 'n', value: '41' },
    ]);
    expect(bound.sql).toBe("SELECT ':day' AS literal, amount::INT, CAST($day AS DATE) AS day, $n + 1 FROM t WHERE x = :missing");
    expect(bound.values).toEqual({ day: '2026-01-02', n: '41' });
    expect(() => bindNamedParameters('SELECT :x', [{ name: 'x', value: '1', type: 'INT); DROP TABLE t; --' }])).toThrow(/not a SQL type/);
  });

  it('reports engine types under their Databricks names', () => {
    expect(databricksType('BIGINT')).toEqual({ typeName: 'LONG', typeText: 'LONG' });
    expect(databricksType('DECIMAL(18,3)')).toEqual({ typeName: 'DECIMAL', typeText: 'DECIMAL(18,3)' });
    expect(databricksType('INTEGER[]').typeName).toBe('ARRAY');
    expect(databricksType('TIMESTAMP WITH TIME ZONE').typeName).toBe('TIMESTAMP');
  });
});
