import { describe, expect, it } from 'vitest';
import { HeldResults, resultBytes } from '../../../src/local/sql/held-results.js';
import { QuietCollection } from '../../../src/local/sql/quiet-collection.js';
import { StatementTable, type TableEntry } from '../../../src/local/sql/statement-table.js';
import { TestClock } from './harness.js';

/** Holds results under `limits` on a clock the test moves, and records which were closed. */
function holding(limits: { lifetimeMs: number; budgetBytes: number }): { clock: TestClock; held: HeldResults; closed: string[]; hold(id: string, bytes: number): void } {
  const clock = new TestClock();
  const held = new HeldResults(limits, clock.now);
  const closed: string[] = [];
  return { clock, held, closed, hold: (id, bytes) => held.hold(id, bytes, () => closed.push(id)) };
}

describe('the results dataops local holds', () => {
  it('closes a result once its lifetime has passed since it was held, not before', () => {
    const { clock, held, closed, hold } = holding({ lifetimeMs: 60_000, budgetBytes: 1_000 });
    hold('a', 10);
    clock.advance(30_000);
    hold('b', 10);
    clock.advance(29_999);
    held.sweep();
    expect(closed).toEqual([]);
    clock.advance(1);
    held.sweep();
    expect(closed).toEqual(['a']);
    clock.advance(30_000);
    held.sweep();
    expect(closed).toEqual(['a', 'b']);
    expect(held.heldBytes).toBe(0);
  });

  it('closes the oldest results first when a new one takes the budget, and keeps the newest even when it alone is over', () => {
    const { held, closed, hold } = holding({ lifetimeMs: 60_000, budgetBytes: 100 });
    hold('a', 40);
    hold('b', 40);
    expect(closed).toEqual([]);
    hold('c', 40);
    expect(closed).toEqual(['a']);
    expect(held.heldBytes).toBe(80);
    hold('huge', 500);
    expect(closed).toEqual(['a', 'b', 'c']);
    expect(held.heldBytes).toBe(500);
    hold('d', 10);
    expect(closed).toEqual(['a', 'b', 'c', 'huge']);
    expect(held.heldBytes).toBe(10);
  });

  it('weighs a result by its rows and cells, more for longer strings, nothing for no rows', () => {
    expect(resultBytes([])).toBe(0);
    const short = resultBytes([['1', null]]);
    expect(resultBytes([['1', 'x'.repeat(800)]])).toBeGreaterThan(short + 790);
    expect(resultBytes(Array.from({ length: 1000 }, () => ['1', null]))).toBe(1000 * short);
  });
});

describe('the statements dataops local answers for', () => {
  const entry = (id: string, endedAt?: number): TableEntry => ({ id, state: endedAt === undefined ? 'RUNNING' : 'CLOSED', ...(endedAt === undefined ? {} : { endedAt }) });

  it('forgets a finished statement after the retention and never one still running', () => {
    const clock = new TestClock();
    const table = new StatementTable<TableEntry>(clock.now, { retentionMs: 1_000, maxStatements: 10 });
    const running = entry('running');
    table.add(running);
    table.add(entry('done', clock.ms));
    clock.advance(999);
    table.sweep();
    expect(table.get('done')).toBeDefined();
    clock.advance(1);
    table.sweep();
    expect(table.get('done')).toBeUndefined();
    clock.advance(1_000_000);
    table.sweep();
    expect(table.get('running')).toBe(running);
  });

  it('forgets the oldest finished statements past the count, skipping the ones still running', () => {
    const clock = new TestClock();
    const table = new StatementTable<TableEntry>(clock.now, { retentionMs: 1_000_000, maxStatements: 3 });
    table.add(entry('running'));
    for (const id of ['a', 'b', 'c', 'd']) table.add(entry(id, clock.ms));
    expect(table.size).toBe(3);
    expect(['running', 'a', 'b', 'c', 'd'].filter((id) => table.get(id))).toEqual(['running', 'c', 'd']);
  });
});

describe('when dataops local gives closed results\' memory back', () => {
  const watching = (quietMs: number) => {
    const clock = new TestClock();
    let collections = 0;
    const collection = new QuietCollection(clock.now, quietMs, () => (collections += 1));
    return { clock, collection, collections: () => collections };
  };

  it('collects once after results were closed and no statement came for the quiet time, and not again until more are closed', () => {
    const { clock, collection, collections } = watching(5_000);
    /** The collections so far, after `ms` more and a sweeper's turn. */
    const after = (ms: number): number => {
      clock.advance(ms);
      collection.tick();
      return collections();
    };
    collection.closed(1_000);
    expect(after(4_999)).toBe(0);
    expect(after(1)).toBe(1);
    expect(after(60_000)).toBe(1);
    collection.closed(10);
    expect(after(0)).toBe(2);
  });

  it('never collects under load, nor when nothing was closed', () => {
    const { clock, collection, collections } = watching(5_000);
    for (let i = 0; i < 20; i += 1) {
      collection.closed(100);
      clock.advance(1_000);
      collection.called();
      collection.tick();
    }
    expect(collections()).toBe(0);
    const idle = watching(5_000);
    idle.clock.advance(60_000);
    idle.collection.tick();
    expect(idle.collections()).toBe(0);
  });
});
