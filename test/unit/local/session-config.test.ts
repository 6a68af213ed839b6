import { describe, expect, it } from 'vitest';
import { answerSessionSet } from '../../../src/local/sql/session-config.js';

describe('SET of a session configuration parameter on the local warehouse', () => {
  it('answers with the key and value as one row, as a warehouse does', () => {
    expect(answerSessionSet('SET use_cached_result = false')?.rows).toEqual([['use_cached_result', 'false']]);
    expect(answerSessionSet("set TIMEZONE = 'UTC';")?.rows).toEqual([['timezone', 'UTC']]);
  });

  it('leaves every other statement to the engine', () => {
    expect(answerSessionSet('SELECT 1')).toBeUndefined();
    expect(answerSessionSet("SELECT 'SET a = b'")).toBeUndefined();
  });

  it('refuses a parameter a warehouse does not offer', () => {
    expect(() => answerSessionSet('SET spark.sql.shuffle.partitions = 8')).toThrow('CONFIG_NOT_AVAILABLE');
  });
});
