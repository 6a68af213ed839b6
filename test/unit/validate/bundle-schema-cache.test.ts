import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundleSchemaValidator } from '../../../src/adapters/bundle-schema.js';
import { SHARED } from '../../helpers/binary.js';

const cache = mkdtempSync(path.join(os.tmpdir(), 'dataops-schema-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const env = { XDG_CACHE_HOME: cache, DATAOPS_BUNDLE_SCHEMA: path.join(SHARED, 'reference', 'databricks-bundle.schema.json'), PATH: '' };
const documents = [{ resources: { jobs: { a: { name: 'a', max_concurrent_runs: 'many' } } } }];

describe('bundle schema validator cache', () => {
  it('compiles once, then runs the cached standalone validator with the same verdicts', async () => {
    const first = await loadBundleSchemaValidator(env, documents);
    if (first.validator === null) throw new Error(first.reason);
    const files = readdirSync(path.join(cache, 'dataops', 'bundle-schema'), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.cjs'))).toBe(true);

    const second = await loadBundleSchemaValidator(env, documents);
    if (second.validator === null) throw new Error(second.reason);
    expect(second.source).toContain('compiled validator cached');
    const bad = { resources: { jobs: { a: { max_concurrent_runs: 'many', notebok_task: {} } } } };
    const verdict = (errors: ReadonlyArray<{ instancePath: string; keyword: string }>) => errors.map((e) => `${e.instancePath} ${e.keyword}`).sort();
    expect(verdict(second.validator(bad))).toEqual(verdict(first.validator(bad)));
    expect(verdict(second.validator(bad))).toContain('/resources/jobs/a additionalProperties');
  });

  it('says why when the schema file it was given cannot be read', async () => {
    const lookup = await loadBundleSchemaValidator({ XDG_CACHE_HOME: cache, PATH: '', DATAOPS_BUNDLE_SCHEMA: path.join(cache, 'missing.json') }, documents);
    expect(lookup.validator).toBeNull();
    expect(lookup).toMatchObject({ reason: expect.stringContaining('cannot be read') });
  });
});
