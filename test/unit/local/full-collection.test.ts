import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/local/full-collection.js';

describe('the idle server\'s full collection', () => {
  it('gives back the heap that expired results held', () => {
    // About 120 MB of result-like rows, held and then dropped, as expired statement results are.
    let held: string[][][] | null = Array.from({ length: 300 }, (_, n) => Array.from({ length: 2000 }, (__, r) => [String(r), `${n}-${r}`.padEnd(40, 'x')]));
    const whileHeld = process.memoryUsage().heapTotal;
    expect(held.length).toBe(300);
    held = null;
    collectGarbage();
    const after = process.memoryUsage().heapTotal;
    expect(whileHeld - after).toBeGreaterThan(60 * 1024 * 1024);
  });
});
