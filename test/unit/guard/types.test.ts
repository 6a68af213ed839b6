import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES, TYPE_SPECS, workspaceNameOf, workspaceNamesCollide } from '../../../src/core/guard/types.js';
import { TYPE_LOOKUPS } from '../../../src/adapters/workspace/type-lookups.js';
import { ROOT, SHARED } from '../../helpers/binary.js';

/** `resources.*` of the pinned CLI's `databricks bundle schema` (../shared/reference). */
function schemaResourceTypes(): string[] {
  const schema = JSON.parse(readFileSync(path.join(SHARED, 'reference', 'databricks-bundle.schema.json'), 'utf8')) as {
    $defs: Record<string, unknown>;
  };
  const find = (node: unknown): Record<string, unknown> | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'config.Resources') return value as Record<string, unknown>;
      const found = find(value);
      if (found) return found;
    }
    return undefined;
  };
  const resources = find(schema.$defs) as { oneOf?: Array<{ properties: object }>; properties?: object };
  return Object.keys(resources.oneOf?.[0]?.properties ?? resources.properties ?? {}).sort();
}

describe('the resource type table', () => {
  it('has a row for every resource type of the pinned CLI\'s schema, and nothing else', () => {
    expect([...RESOURCE_TYPES].sort()).toEqual(schemaResourceTypes());
  });

  it('can look up every named type in a workspace', () => {
    const named = RESOURCE_TYPES.filter((type) => TYPE_SPECS[type].names !== 'unnamed');
    const looked = named.filter((type) => type === 'jobs' || type === 'pipelines' || type === 'dashboards' || TYPE_LOOKUPS[type] !== undefined);
    expect(looked).toEqual(named);
    for (const type of named) {
      const lookup = TYPE_LOOKUPS[type];
      if (lookup) expect(lookup.kind, type).toBe(TYPE_SPECS[type].lookup);
    }
  });

  it('builds names from their fields, as the service keys them', () => {
    expect(workspaceNameOf('volumes', { catalog_name: 'main', schema_name: 'sales', name: 'raw' })).toBe('main.sales.raw');
    expect(workspaceNameOf('postgres_branches', { parent: 'projects/p', branch_id: 'dev' })).toBe('projects/p/branches/dev');
    expect(workspaceNameOf('postgres_projects', { project_id: 'p' })).toBe('projects/p');
    expect(workspaceNameOf('schemas', { name: 'sales' })).toBeUndefined();
    expect(workspaceNameOf('job_runs', { job_id: 1 })).toBeUndefined();
  });

  it('compares names as each service does: one function for the guard, drift and the duplicate-name rule', () => {
    expect(workspaceNamesCollide('jobs', 'Ingest', 'INGEST')).toBe(true);
    expect(workspaceNamesCollide('schemas', 'main.Sales', 'main.sales')).toBe(true);
    expect(workspaceNamesCollide('pipelines', 'Ingest', 'ingest')).toBe(false);
    expect(workspaceNamesCollide('clusters', 'etl', 'ETL')).toBe(false);
    expect(workspaceNamesCollide('apps', 'portal', 'portal')).toBe(true);
  });

  it('is the table of docs/guard.md: one row per type, with its name behaviour and its look-up call', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'guard.md'), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|[^|]+\| ([^|]+) \|/gm)].map((m) => [m[1], { names: m[2]?.trim(), lookup: m[3]?.trim() }]));
    expect([...rows.keys()].sort()).toEqual([...RESOURCE_TYPES].sort());
    for (const type of RESOURCE_TYPES) {
      const spec = TYPE_SPECS[type];
      const row = rows.get(type);
      expect(row?.names, type).toMatch(spec.names === 'unnamed' ? /^no name/ : spec.names === 'unique' ? /^unique/ : /^may repeat/);
      expect(row?.lookup, type).toContain(spec.call);
    }
  });
});
