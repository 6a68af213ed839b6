import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../../src/core/bundle/dyn/yaml.js';
import { writtenSource } from '../../../src/core/bundle/written-source.js';
import type { ConfigPath } from '../../../src/core/bundle/model.js';
import { parseYamlSource, type YamlSource } from '../../../src/core/yaml-source.js';

const FILE = 'resources/jobs.yml';
const TEXT = `resources:
  jobs:
    ingest:
      name: ingest-\${bundle.target}
      max_concurrent_runs: 2
      timeout_seconds: 9007199254740993
      tags: { team: sales, cost: 1.5 }
      tasks:
        - task_key: load
          notebook_task:
            notebook_path: ../src/ingest.py
        - task_key: check
          depends_on: [{ task_key: load }]
targets:
  prod:
    mode: production
    resources:
      jobs:
        ingest:
          name: ingest
`;

function reference(): YamlSource {
  const parsed = parseYamlSource(FILE, TEXT);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.source;
}

describe('writtenSource (a file as written, from the resolver parse)', () => {
  const written = writtenSource(FILE, loadYaml(FILE, TEXT));
  const expected = reference();

  it('holds the same data as a separate parse of the file', () => {
    expect(written.data).toEqual(expected.data);
  });

  it.each<[ConfigPath, 'key' | 'value']>([
    [['resources', 'jobs', 'ingest'], 'key'],
    [['resources', 'jobs', 'ingest'], 'value'],
    [['resources', 'jobs', 'ingest', 'name'], 'value'],
    [['resources', 'jobs', 'ingest', 'tags', 'cost'], 'key'],
    [['resources', 'jobs', 'ingest', 'tasks', 1, 'depends_on', 0, 'task_key'], 'value'],
    [['resources', 'jobs', 'ingest', 'tasks', 1], 'key'],
    [['resources', 'jobs', 'ingest', 'no_such_field', 'deeper'], 'key'],
    [['targets', 'prod', 'resources', 'jobs', 'ingest'], 'key'],
    [['targets', 'staging'], 'value'],
    [[], 'value'],
  ])('places %j (%s) where a separate parse does', (path, part) => {
    expect(written.locate(path, part)).toEqual(expected.locate(path, part));
  });
});
