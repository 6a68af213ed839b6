import { describe, expect, it } from 'vitest';
import { mapByPattern, mapByPatterns, type Path, type PatternPart } from '../../../src/core/bundle/dyn/path.js';
import { Dyn } from '../../../src/core/bundle/dyn/value.js';
import { loadYaml } from '../../../src/core/bundle/dyn/yaml.js';

const YAML = `resources:
  jobs:
    a:
      tasks:
        - notebook_task: {notebook_path: ./one.py}
          libraries: [{whl: ./x.whl}, {jar: ./y.jar}]
        - spark_python_task: {python_file: ./two.py}
    b:
      tasks:
        - notebook_task: {notebook_path: ./three.py}
  dashboards:
    d: {file_path: ./d.lvdash.json}
'[*]': {whl: not-a-sequence}
`;

const PATTERNS: PatternPart[][] = [
  ['resources', 'jobs', '*', 'tasks', '[*]', 'notebook_task', 'notebook_path'],
  ['resources', 'jobs', '*', 'tasks', '[*]', 'libraries', '[*]', 'whl'],
  ['resources', 'jobs', '*', 'tasks', '[*]', 'spark_python_task', 'python_file'],
  ['resources', 'dashboards', '*', 'file_path'],
  // The same place twice: the second pattern sees what the first made of it.
  ['resources', 'jobs', '*', 'tasks', '[*]', 'notebook_task', 'notebook_path'],
  ['[*]', 'whl'],
  ['resources', 'jobs', 'b', 'tasks', 0, 'notebook_task', 'notebook_path'],
];

function plain(v: Dyn): unknown {
  if (v.kind === 'map') return Object.fromEntries([...v.entries].map(([k, p]) => [k, [p.keyLocs, plain(p.value)]]));
  if (v.kind === 'seq') return v.items.map(plain);
  return [v.raw, v.locs];
}

describe('mapByPatterns', () => {
  it('does what mapByPattern with each pattern in turn does: same calls in the same order, same tree', () => {
    const root = loadYaml('resources/x.yml', YAML);
    const calls = (log: [number, Path, string][]) => (pattern: number, path: Path, v: Dyn) => {
      log.push([pattern, path, v.str]);
      return Dyn.string(`${v.str}#${pattern}`, v.locs);
    };
    const oneByOne: [number, Path, string][] = [];
    const record = calls(oneByOne);
    const expected = PATTERNS.reduce((tree, pattern, i) => mapByPattern(tree, pattern, (p, v) => record(i, p, v)), root);
    const fused: [number, Path, string][] = [];
    const actual = mapByPatterns(root, PATTERNS, calls(fused));
    expect(fused).toEqual(oneByOne);
    expect(plain(actual)).toEqual(plain(expected));
    expect(fused.map(([, , s]) => s)).toContain('./one.py#0');
  });

  it('keeps every subtree it did not change, and the tree itself when nothing changed', () => {
    const root = loadYaml('resources/x.yml', YAML);
    expect(mapByPatterns(root, PATTERNS, (_i, _p, v) => v)).toBe(root);
    const changed = mapByPatterns(root, [['resources', 'dashboards', '*', 'file_path']], (_i, _p, v) => Dyn.string('moved', v.locs));
    expect(changed.get('resources')?.get('jobs')).toBe(root.get('resources')?.get('jobs'));
    expect(changed.get('resources')?.get('dashboards')?.get('d')?.get('file_path')?.str).toBe('moved');
  });
});
