import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BINARY, ROOT, cleanEnv, runAsync } from '../../helpers/binary.js';
import { ReleaseServer, tarXz } from '../../helpers/release-server.js';

const PLATFORM = `${process.platform}-${process.arch}`;
const ASSET = `dataops-${PLATFORM}.tar.xz`;
const DUCKDB_ASSET = `dataops-duckdb-${PLATFORM}.tar.xz`;
const realBinary = readFileSync(BINARY);
const realVersion = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A stand-in release binary: the installer only needs it to run and report a version. */
function fakeBinary(version: string): Buffer {
  return Buffer.from(`#!/bin/sh\necho ${version}\n`);
}

const fakeRelease = (version: string): Buffer => tarXz({ dataops: fakeBinary(version) });
const duckdbRelease = tarXz({ 'duckdb/VERSION': Buffer.from(`duckdb 0.0.0 ${PLATFORM}\n`), 'duckdb/duckdb.node': Buffer.from('addon') });
let realRelease: Buffer;

function sums(entries: Record<string, Buffer>): Buffer {
  const lines = Object.entries(entries).map(([name, body]) => `${createHash('sha256').update(body).digest('hex')}  ${name}`);
  return Buffer.from(lines.join('\n') + '\n');
}

let server: ReleaseServer;
let baseUrl: string;
let work: string;
let installDir: string;

function install(args: string[] = [], env: NodeJS.ProcessEnv = {}, asUser?: number) {
  const script = [path.join(ROOT, 'install.sh'), ...args];
  const [command, argv] = asUser === undefined ? ['sh', script] : ['setpriv', [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', 'sh', ...script]];
  return runAsync(command as string, argv as string[], {
    env: { ...cleanEnv(process.env), HOME: work, DATAOPS_DOWNLOAD_URL: baseUrl, DATAOPS_INSTALL_DIR: installDir, ...env },
    cwd: work,
  });
}

function installed(): Buffer | undefined {
  const file = path.join(installDir, 'dataops');
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** Nothing but the binary may remain in the install dir after any run. */
function leftovers(): string[] {
  return readdirSync(installDir).filter((name) => name !== 'dataops');
}

beforeAll(async () => {
  realRelease = tarXz({ dataops: realBinary });
  server = new ReleaseServer();
  baseUrl = await server.start();
});
afterAll(async () => server.stop());

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'dataops-install-'));
  chmodSync(work, 0o755);
  installDir = path.join(work, 'bin');
  server.files.clear();
  server.requests.length = 0;
  server.latest = undefined;
  const old = fakeRelease('0.0.9');
  server.publish('0.0.9', { [ASSET]: old, [DUCKDB_ASSET]: duckdbRelease, SHA256SUMS: sums({ [ASSET]: old, [DUCKDB_ASSET]: duckdbRelease }) });
  server.publish(realVersion, { [ASSET]: realRelease, SHA256SUMS: sums({ [ASSET]: realRelease, 'dataops-linux-arm64.tar.xz': Buffer.from('other') }) });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('install.sh', () => {
  it('installs the latest release into an empty directory and says which version', async () => {
    server.latest = realVersion;
    const run = await install();
    expect(run.code, run.stderr).toBe(0);
    expect(installed()?.equals(realBinary)).toBe(true);
    expect(run.stderr).toContain(`installed dataops ${realVersion}`);
    expect(leftovers()).toEqual([]);
  });

  it('installs a pinned version given as v1.2.3 or 1.2.3, and appends the dir to GITHUB_PATH', async () => {
    const githubPath = path.join(work, 'github_path');
    writeFileSync(githubPath, '');
    const run = await install([], { DATAOPS_VERSION: 'v0.0.9', GITHUB_PATH: githubPath });
    expect(run.code, run.stderr).toBe(0);
    expect(installed()?.toString()).toContain('echo 0.0.9');
    expect(readFileSync(githubPath, 'utf8')).toBe(`${installDir}\n`);
    expect(server.requests).toContain(`/download/v0.0.9/${ASSET}`);
  });

  it('upgrades an older install', async () => {
    expect((await install([], { DATAOPS_VERSION: '0.0.9' })).code).toBe(0);
    const run = await install([], { DATAOPS_VERSION: realVersion });
    expect(run.code, run.stderr).toBe(0);
    expect(installed()?.equals(realBinary)).toBe(true);
  });

  it('skips a version that is already installed, without downloading, unless --force', async () => {
    expect((await install([], { DATAOPS_VERSION: '0.0.9' })).code).toBe(0);
    const before = server.requests.length;
    const skipped = await install([], { DATAOPS_VERSION: '0.0.9' });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('already installed');
    expect(server.requests.length).toBe(before);

    const forced = await install(['--force'], { DATAOPS_VERSION: '0.0.9' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(server.requests.length).toBeGreaterThan(before);
    expect(forced.stderr).toContain('installed dataops 0.0.9');
  });

  describe('failures leave the previous binary byte-for-byte intact and no temp file behind', () => {
    let previous: Buffer;
    beforeEach(async () => {
      expect((await install([], { DATAOPS_VERSION: '0.0.9' })).code).toBe(0);
      previous = installed() as Buffer;
    });
    afterEach(() => {
      expect(installed()?.equals(previous)).toBe(true);
      expect(leftovers()).toEqual([]);
    });

    it('aborts on a checksum mismatch', async () => {
      server.publish('0.2.0', { [ASSET]: fakeRelease('0.2.0'), SHA256SUMS: sums({ [ASSET]: fakeRelease('tampered') }) });
      const run = await install([], { DATAOPS_VERSION: '0.2.0' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('checksum mismatch');
    });

    it('aborts when SHA256SUMS has no entry for the asset', async () => {
      server.publish('0.2.0', { [ASSET]: fakeRelease('0.2.0'), SHA256SUMS: sums({ 'dataops-other-os.tar.xz': fakeRelease('0.2.0') }) });
      const run = await install([], { DATAOPS_VERSION: '0.2.0' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`no entry for ${ASSET}`);
    });

    it('aborts when the DuckDB asset does not match SHA256SUMS, installing neither', async () => {
      const release = fakeRelease('0.2.0');
      server.publish('0.2.0', { [ASSET]: release, [DUCKDB_ASSET]: duckdbRelease, SHA256SUMS: sums({ [ASSET]: release, [DUCKDB_ASSET]: Buffer.from('tampered') }) });
      const run = await install([], { DATAOPS_VERSION: '0.2.0', DATAOPS_WITH_DUCKDB: '1' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`checksum mismatch for ${DUCKDB_ASSET}`);
      expect(existsSync(path.join(work, 'lib', 'dataops', 'duckdb'))).toBe(false);
    });

    it('aborts on a version that does not exist (404)', async () => {
      const run = await install([], { DATAOPS_VERSION: '9.9.9' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('does release v9.9.9 exist');
    });

    it('aborts on a truncated download', async () => {
      const body = Buffer.alloc(256 * 1024, 7);
      server.publish('0.2.0', { [ASSET]: { body, truncate: true }, SHA256SUMS: sums({ [ASSET]: body }) });
      const run = await install([], { DATAOPS_VERSION: '0.2.0' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('could not download');
    });

    it('says which command to run when the install dir is not writable', async () => {
      const uid = process.getuid?.() ?? 1000;
      // root writes anywhere, so the unwritable case runs as an unprivileged user
      const asUser = uid === 0 ? 65534 : undefined;
      if (asUser === undefined) chmodSync(installDir, 0o555);
      const run = await install([], { DATAOPS_VERSION: '0.2.0' }, asUser);
      if (asUser === undefined) chmodSync(installDir, 0o755);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('is not writable');
      expect(run.stderr).toContain('DATAOPS_INSTALL_DIR');
    });
  });

  it('adds DuckDB, verified, only when asked', async () => {
    const without = await install([], { DATAOPS_VERSION: '0.0.9' });
    expect(without.code, without.stderr).toBe(0);
    expect(server.requests.filter((r) => r.includes('duckdb'))).toEqual([]);
    const duckdb = path.join(work, 'lib', 'dataops', 'duckdb');
    expect(existsSync(duckdb)).toBe(false);

    const asked = await install(['--with-duckdb'], { DATAOPS_VERSION: '0.0.9' });
    expect(asked.code, asked.stderr).toBe(0);
    expect(readFileSync(path.join(duckdb, 'VERSION'), 'utf8')).toBe(`duckdb 0.0.0 ${PLATFORM}\n`);
    expect(readdirSync(path.dirname(duckdb))).toEqual(['duckdb']);
    expect(server.requests).toContain(`/download/v0.0.9/${DUCKDB_ASSET}`);

    const again = await install([], { DATAOPS_VERSION: '0.0.9', DATAOPS_WITH_DUCKDB: '1' });
    expect(again.stderr).toContain('already installed');
  });

  it('rejects an unknown option without touching anything', async () => {
    const run = await install(['--frce']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('unknown option --frce');
    expect(existsSync(installDir)).toBe(false);
  });

  it('accepts only latest or a SemVer version for DATAOPS_VERSION, and downloads nothing otherwise', async () => {
    const hostile = ['x/../../latest/download', '1.2', '01.2.3', 'v1.2.3/../../latest', '1.2.3\nlatest', '../latest', 'LATEST', 'vv1.2.3', '1.2.3 --force'];
    for (const version of hostile) {
      const run = await install([], { DATAOPS_VERSION: version });
      expect([version, run.code]).toEqual([version, 1]);
      expect(run.stderr).toContain('DATAOPS_VERSION must be latest or a version such as 1.2.3 or v1.2.3');
    }
    expect(server.requests).toEqual([]);
    expect(existsSync(installDir)).toBe(false);
    const prereleaseAsset = fakeRelease('1.2.3-rc.1');
    server.publish('1.2.3-rc.1', { [ASSET]: prereleaseAsset, SHA256SUMS: sums({ [ASSET]: prereleaseAsset }) });
    const prerelease = await install([], { DATAOPS_VERSION: 'v1.2.3-rc.1' });
    expect(prerelease.code, prerelease.stderr).toBe(0);
    expect(installed()?.toString()).toContain('1.2.3-rc.1');
  });

  it('does nothing when the script is cut off mid-download (main runs on the last line)', async () => {
    const script = readFileSync(path.join(ROOT, 'install.sh'), 'utf8');
    const cut = script.slice(0, script.lastIndexOf('main "$@"'));
    mkdirSync(installDir, { recursive: true });
    const result = await runAsync('sh', ['-s'], { input: cut, env: { ...cleanEnv(process.env), HOME: work, DATAOPS_DOWNLOAD_URL: baseUrl, DATAOPS_INSTALL_DIR: installDir } });
    expect(result.code).toBe(0);
    expect(readdirSync(installDir)).toEqual([]);
    expect(server.requests.filter((r) => r.includes(ASSET))).toEqual([]);
  });
});
