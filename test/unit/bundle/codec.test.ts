import { describe, expect, it } from 'vitest';
import { decodeTrees, encodeTrees, UnencodableError } from '../../../src/core/bundle/dyn/codec.js';
import { Dyn } from '../../../src/core/bundle/dyn/value.js';
import { loadYaml } from '../../../src/core/bundle/dyn/yaml.js';

/** Every value with its kind, flags and locations, for comparing trees exactly. */
function dump(v: Dyn): unknown {
  const own = { kind: v.kind, locs: v.locs, anchor: v.anchor, sensitive: v.sensitive };
  if (v.kind === 'map') return { ...own, entries: [...v.entries].map(([k, p]) => [k, p.keyLocs, dump(p.value)]) };
  if (v.kind === 'seq') return { ...own, items: v.items.map(dump) };
  return { ...own, raw: v.raw };
}

describe('parse cache encoding', () => {
  it('gives back the trees it was given: kinds, values, locations, anchors, big integers', () => {
    const raw = loadYaml('resources/a.yml', 'base: &b {x: 1.5, y: true, z: ~}\nuse: *b\nbig: 123456789012345678901\nlist: [a, "${var.x}"]\nempty:\n');
    const value = Dyn.map(new Map([['shared', { keyLocs: [], value: raw.get('list') as Dyn }], ['secret', { keyLocs: [], value: Dyn.string('s').markSensitive() }]]));
    const [r, v] = decodeTrees('resources/a.yml', JSON.parse(JSON.stringify(encodeTrees('resources/a.yml', [raw, value])))) as [Dyn, Dyn];
    expect(dump(r)).toEqual(dump(raw));
    expect(dump(v)).toEqual(dump(value));
    // A subtree both trees hold is stored once and shared again.
    expect(v.get('shared')).toBe(r.get('list'));
  });

  it('refuses what it cannot store exactly, so such a file is parsed every time', () => {
    expect(() => encodeTrees('a.yml', [loadYaml('a.yml', 'x: .inf\n')])).toThrow(UnencodableError);
    expect(() => encodeTrees('a.yml', [loadYaml('b.yml', 'x: 1\n')])).toThrow(UnencodableError);
  });

  it('rejects an entry it did not write', () => {
    expect(() => decodeTrees('a.yml', [[9, null, []]])).toThrow();
    expect(() => decodeTrees('a.yml', { trees: 1 })).toThrow();
  });
});
