import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINARY, dataops, ROOT } from '../../helpers/binary.js';

const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The command names `dataops --help` lists. */
function listedCommands(): string[] {
  const help = dataops(['--help']).stdout;
  return [...help.matchAll(/^ {2}dataops ([a-z-]+)/gm)].map((m) => m[1] as string);
}

describe('the dataops binary', () => {
  it('prints the package version', () => {
    const run = dataops(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('runs where no node is installed', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'dataops-nonode-'));
    for (const tool of ['sh', 'git']) symlinkSync(`/usr/bin/${tool}`, path.join(bin, tool));
    const run = dataops(['--version'], { env: { PATH: bin } });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('lists every command with a one-line description, and each command has an example', () => {
    const commands = listedCommands();
    expect(commands).toEqual(expect.arrayContaining(['doctor', 'completion']));
    for (const command of commands) {
      const help = dataops([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, `${command} --help`).toContain('Examples:');
    }
  });

  it('exits 2 with a suggestion on an unknown command', () => {
    const run = dataops(['doctr']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown argument: doctr');
    expect(run.stderr).toContain('did you mean doctor?');
  });

  it('exits 2 with a suggestion on an unknown flag', () => {
    const run = dataops(['doctor', '--jsn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean --json?');
  });

  it('exits 2 when no command is given', () => {
    const run = dataops([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('say which command to run');
  });

  it('reports an error as JSON on stdout with --json', () => {
    const run = dataops(['doctr', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { exitCode: 2 } });
  });

  it('prints a completion script that calls back into dataops', () => {
    const run = dataops(['completion'], { env: { SHELL: '/bin/bash' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--get-yargs-completions');
    expect(run.stdout).toContain('complete -o bashdefault -o default -F _dataops_yargs_completions dataops');
    const completions = dataops(['--get-yargs-completions', 'dataops', 'doc']);
    expect(completions.stdout.split('\n')).toContain('doctor');
  });
});

describe('dataops doctor', () => {
  const toolDir = (): string => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'dataops-doctor-'));
    const fake = (name: string, line: string) => writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${line}"\n`, { mode: 0o755 });
    fake('databricks', 'Databricks CLI v1.12.1');
    fake('task', 'Task version: v3.44.0');
    fake('python3', 'Python 3.11.7');
    fake('act', 'act version 0.2.89');
    symlinkSync('/usr/bin/git', path.join(bin, 'git'));
    return bin;
  };

  it('reports versions and credentials, never the token', () => {
    const run = dataops(['doctor', '--json'], {
      env: { PATH: `${toolDir()}:/usr/bin:/bin`, DATABRICKS_HOST: 'https://example.cloud.databricks.com', DATABRICKS_TOKEN: 'dapi-canary-secret-123' },
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { tools: Array<{ name: string; version: string }>; credentials: Record<string, unknown> };
    expect(report.tools.find((t) => t.name === 'databricks')?.version).toBe('1.12.1');
    expect(report.tools.find((t) => t.name === 'task')?.version).toBe('3.44.0');
    expect(report.tools.find((t) => t.name === 'act')?.version).toBe('0.2.89');
    expect(report.credentials).toMatchObject({ host: 'https://example.cloud.databricks.com', authType: 'pat', source: 'environment' });
    expect(run.stdout + run.stderr).not.toContain('dapi-canary-secret-123');
  });

  it('exits non-zero and says how to install a missing required tool', () => {
    const bin = toolDir();
    const run = dataops(['doctor'], { env: { PATH: `${bin}-missing:/bin`, HOME: bin } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('databricks');
    expect(run.stderr).toContain('install: curl -fsSL https://raw.githubusercontent.com/databricks/setup-cli/main/install.sh | sh');
  });

  it('reports whether the Python that dataops local runs tasks in has PySpark', () => {
    const python = (env: NodeJS.ProcessEnv) =>
      (JSON.parse(dataops(['doctor', '--json'], { env: { PATH: `${toolDir()}:/usr/bin:/bin`, ...env } }).stdout) as { tools: Array<{ name: string; found: boolean; version: string | null }> }).tools.find((t) => t.name === 'pyspark');
    const site = mkdtempSync(path.join(os.tmpdir(), 'dataops-pyspark-'));
    mkdirSync(path.join(site, 'pyspark'));
    writeFileSync(path.join(site, 'pyspark', '__init__.py'), '__version__ = "4.1.0"\n');
    const realPython = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(path.join(site, 'python'), `#!/bin/sh\nPYTHONPATH=${site} exec ${realPython} "$@"\n`, { mode: 0o755 });
    expect(python({ DATAOPS_LOCAL_PYTHON: realPython })).toMatchObject({ found: false, version: null });
    expect(python({ DATAOPS_LOCAL_PYTHON: path.join(site, 'python') })).toMatchObject({ found: true, version: '4.1.0' });
  });

  it('prints no colour codes when stdout is not a terminal or NO_COLOR is set', () => {
    const run = dataops(['doctor'], { env: { PATH: `${toolDir()}:/usr/bin:/bin`, NO_COLOR: '1' } });
    expect(run.stderr).not.toMatch(/\u001b\[/);
    const forced = dataops(['doctor'], { env: { PATH: `${toolDir()}:/usr/bin:/bin`, FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(/\u001b\[/);
    const noColor = dataops(['doctor', '--no-color'], { env: { PATH: `${toolDir()}:/usr/bin:/bin`, FORCE_COLOR: '1' } });
    expect(noColor.stderr).not.toMatch(/\u001b\[/);
  });
});

describe('start-up', () => {
  it("loads none of the Node built-ins a command's help or the settings schema does not need", () => {
    // A preload that writes, at exit, every built-in the process loaded (Node's own list).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-loads-'));
    const preload = path.join(dir, 'loads.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(process.env.LOADS_FILE, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));`,
    );
    // What only the commands that talk to the world, hash or time things need (fetch is undici, behind http).
    const unneeded = ['assert', 'child_process', 'crypto', 'fs/promises', 'http', 'https', 'internal/deps/undici/undici', 'perf_hooks', 'worker_threads', 'zlib'];
    for (const args of [['validate', '--help'], ['deploy', '--help'], ['schema', 'dataops.yml']]) {
      const file = path.join(dir, `${args.join('-')}.txt`);
      // The application's own start-up: the launcher's rendered help (help-cache.test.ts) would skip it.
      const run = dataops(args, { env: { NODE_OPTIONS: `--require ${preload}`, LOADS_FILE: file, DATAOPS_HELP_CACHE: '0' } });
      expect(run.code).toBe(0);
      const loaded = readFileSync(file, 'utf8').split('\n');
      expect(loaded).toContain('vm'); // the list is real: the launcher compiles the application with vm
      expect([args.join(' '), unneeded.filter((name) => loaded.includes(name))]).toEqual([args.join(' '), []]);
    }
  });
});

describe('output into a pipe', () => {
  it('ends quietly when the reader stops early', () => {
    // Far more output than a pipe buffers, so the writer is still writing when head exits.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-pipe-'));
    const jobs = Array.from({ length: 2000 }, (_, i) => `    job_${i}:\n      name: job ${i}\n`).join('');
    writeFileSync(path.join(dir, 'databricks.yml'), `bundle:\n  name: pipe\nresources:\n  jobs:\n${jobs}`);
    const env = { ...process.env, DATAOPS_CURRENT_USER: 'tester@example.com', DATAOPS_CURRENT_USER_ID: '1' };
    const run = spawnSync('sh', ['-c', `"${BINARY}" resolve -o json | head -n 1`], { cwd: dir, encoding: 'utf8', env });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('{');
    expect(run.stderr).toBe('');
  });
});
