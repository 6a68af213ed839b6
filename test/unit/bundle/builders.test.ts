import { describe, expect, it } from 'vitest';
import { Dyn, EntriesBuilder, ItemsBuilder } from '../../../src/core/bundle/dyn/value.js';

const at = (line: number) => [{ file: 'databricks.yml', line, column: 3 }];
const map = Dyn.map(
  new Map([
    ['a', { keyLocs: at(1), value: Dyn.string('1') }],
    ['b', { keyLocs: at(2), value: Dyn.string('2') }],
    ['c', { keyLocs: at(3), value: Dyn.string('3') }],
  ]),
  at(1),
);

function rebuild(change: Record<string, Dyn | undefined>, copy = false): Dyn {
  const out = new EntriesBuilder(map, copy);
  map.entries.forEach((pair, key) => out.next(key, pair, key in change ? change[key] : pair.value));
  return out.build();
}

describe('rebuilding a map entry by entry', () => {
  it('gives the same map back when nothing changes, a new one when asked to copy', () => {
    expect(rebuild({})).toBe(map);
    const copied = rebuild({}, true);
    expect(copied).not.toBe(map);
    expect(copied.toJS()).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('keeps order, key locations and untouched pairs when a later entry changes or is dropped', () => {
    const changed = rebuild({ b: Dyn.string('two') });
    expect([...changed.entries.keys()]).toEqual(['a', 'b', 'c']);
    expect(changed.toJS()).toEqual({ a: '1', b: 'two', c: '3' });
    expect(changed.entries.get('a')).toBe(map.entries.get('a'));
    expect(changed.entries.get('b')?.keyLocs).toEqual(at(2));
    expect(changed.locs).toEqual(map.locs);
    expect(rebuild({ a: undefined }).toJS()).toEqual({ b: '2', c: '3' });
  });

  it('adds entries after the source ones and knows which keys it has', () => {
    const out = new EntriesBuilder(map);
    map.entries.forEach((pair, key) => out.next(key, pair, key === 'c' ? undefined : pair.value));
    expect(out.has('a')).toBe(true);
    expect(out.has('c')).toBe(false);
    out.add('d', Dyn.string('4'));
    expect([...out.build().entries.keys()]).toEqual(['a', 'b', 'd']);
  });
});

describe('rebuilding a sequence item by item', () => {
  const seq = Dyn.seq([Dyn.int(1), Dyn.int(2), Dyn.int(3)], at(5));

  it('gives the same sequence back when nothing changes, and counts the items it keeps', () => {
    const out = new ItemsBuilder(seq);
    for (const item of seq.items) out.next(item, item);
    expect(out.length).toBe(3);
    expect(out.build()).toBe(seq);
  });

  it('copies the items before the first change and drops what it is told to', () => {
    const out = new ItemsBuilder(seq);
    seq.items.forEach((item, i) => out.next(item, i === 1 ? undefined : i === 2 ? Dyn.int(30) : item));
    expect(out.length).toBe(2);
    const built = out.build();
    expect(built.toJS()).toEqual([1, 30]);
    expect(built.items[0]).toBe(seq.items[0]);
    expect(built.locs).toEqual(seq.locs);
  });
});
