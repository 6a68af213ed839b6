import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundleSchemaValidator } from '../../../src/adapters/bundle-schema.js';
import { databricksCliVersion } from '../../../src/adapters/databricks-cli-version.js';
import { EMBEDDED_SCHEMA_CLI_VERSION } from '../../../src/adapters/embedded-bundle-schema.js';
import { ROOT } from '../../helpers/binary.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-schema-source-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const realCli = path.join(ROOT, '.tools', 'bin');
const bad = { resources: { jobs: { a: { max_concurrent_runs: 'many' } } } };
let n = 0;
const freshCache = (): string => path.join(work, `cache-${++n}`);
// The two tests of the built-in schema share one cache: the validator is compiled once.
const builtInCache = freshCache();

/**
 * A Databricks CLI newer than the pinned one cannot be installed here (the Go module proxy stops at
 * the pinned version), so this stand-in answers the two questions validate asks: its version, and a
 * bundle schema in which max_concurrent_runs is a string. It counts how often it is started.
 */
function newerCli(version: string): { dir: string; calls: () => string[] } {
  const dir = path.join(work, `cli-${version}`);
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'calls');
  writeFileSync(log, '');
  const schema = { type: 'object', properties: { resources: { type: 'object', properties: { jobs: { type: 'object', additionalProperties: { type: 'object', properties: { max_concurrent_runs: { type: 'string' } } } } } } } };
  writeFileSync(
    path.join(dir, 'databricks'),
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = --version ]; then echo 'Databricks CLI v${version}'; exit 0; fi\nif [ "$1 $2" = 'bundle schema' ]; then echo '${JSON.stringify(schema)}'; exit 0; fi\nexit 1\n`,
  );
  chmodSync(path.join(dir, 'databricks'), 0o755);
  return { dir, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('which bundle schema validate checks against', () => {
  it('the pinned CLI schema built into dataops is byte for byte what that CLI prints', () => {
    const pinned = readFileSync(path.join(ROOT, 'scripts', 'install-test-tools.sh'), 'utf8').match(/DATABRICKS_CLI_VERSION="v([^"]+)"/)?.[1];
    expect(pinned).toBe(EMBEDDED_SCHEMA_CLI_VERSION);
    const printed = spawnSync(path.join(realCli, 'databricks'), ['bundle', 'schema'], { encoding: 'utf8' });
    expect(printed.status, printed.stderr).toBe(0);
    const embedded = readFileSync(path.join(ROOT, 'assets', 'bundle-schema', `v${EMBEDDED_SCHEMA_CLI_VERSION}.json`), 'utf8');
    expect(embedded === printed.stdout, `refresh it: .tools/bin/databricks bundle schema > assets/bundle-schema/v${pinned}.json`).toBe(true);
  });

  it('uses the built-in schema when no CLI is on PATH, and says so', async () => {
    const lookup = await loadBundleSchemaValidator({ XDG_CACHE_HOME: builtInCache, PATH: '' }, [bad]);
    if (lookup.validator === null) throw new Error(lookup.reason);
    expect(lookup.source).toContain(`Databricks CLI ${EMBEDDED_SCHEMA_CLI_VERSION} built into dataops (no Databricks CLI on PATH)`);
    expect(lookup.validator(bad).map((e) => e.instancePath)).toContain('/resources/jobs/a/max_concurrent_runs');
  });

  it('uses the built-in schema for the pinned CLI itself, without asking it for its schema', async () => {
    const lookup = await loadBundleSchemaValidator({ XDG_CACHE_HOME: builtInCache, PATH: realCli }, [bad]);
    if (lookup.validator === null) throw new Error(lookup.reason);
    expect(lookup.source).toContain(`built into dataops (the CLI on PATH is ${EMBEDDED_SCHEMA_CLI_VERSION})`);
  });

  it('takes the schema of a newer CLI on PATH, asked once per version', async () => {
    const cli = newerCli('1.40.0');
    const env = { XDG_CACHE_HOME: freshCache(), PATH: cli.dir };
    const first = await loadBundleSchemaValidator(env, [bad]);
    if (first.validator === null) throw new Error(first.reason);
    expect(first.source).toContain('databricks bundle schema of the CLI on PATH (1.40.0');
    expect(first.validator(bad)).toEqual([]);
    const second = await loadBundleSchemaValidator(env, [bad]);
    expect(second.validator?.(bad)).toEqual([]);
    expect(cli.calls()).toEqual(['--version', 'bundle schema']);
  });
});

describe('the Databricks CLI version', () => {
  it('is asked once per binary, and again when the binary changes', async () => {
    const env = { XDG_CACHE_HOME: freshCache(), PATH: realCli };
    const first = await databricksCliVersion(env);
    expect(first).toMatchObject({ version: EMBEDDED_SCHEMA_CLI_VERSION, asked: true });
    expect(await databricksCliVersion(env)).toMatchObject({ version: EMBEDDED_SCHEMA_CLI_VERSION, asked: false });

    const cli = newerCli('1.41.0');
    const other = { ...env, PATH: `${cli.dir}${path.delimiter}${realCli}` };
    expect(await databricksCliVersion(other)).toMatchObject({ version: '1.41.0', asked: true });
    const binary = path.join(cli.dir, 'databricks');
    const later = new Date(Date.now() + 60_000);
    utimesSync(binary, later, later);
    expect(await databricksCliVersion(other)).toMatchObject({ version: '1.41.0', asked: true });
    expect(await databricksCliVersion(other)).toMatchObject({ asked: false });
    expect(cli.calls()).toEqual(['--version', '--version']);
  });

  it('is null when no databricks is on PATH', async () => {
    expect(await databricksCliVersion({ XDG_CACHE_HOME: freshCache(), PATH: path.join(work, 'nowhere') })).toBeNull();
  });
});
