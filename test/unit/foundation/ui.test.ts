import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit.js';
import { CheckFailedError, ExternalError, UsageError } from '../../../src/core/errors.js';
import { formatAnnotation } from '../../../src/ui/github.js';
import { Output, shouldColor } from '../../../src/ui/output.js';

function capture(env: NodeJS.ProcessEnv = {}, json = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const output = new Output({ json, verbose: false, color: false, env, stdout, stderr });
  return { output, text: () => ({ out, err }) };
}

describe('exit codes', () => {
  it('maps each typed error to its code in one place', () => {
    const { output } = capture();
    expect(exitCodeFor(new CheckFailedError('2 errors'), output)).toBe(1);
    expect(exitCodeFor(new UsageError('bad flag'), output)).toBe(2);
    expect(exitCodeFor(new ExternalError('workspace down'), output)).toBe(3);
    expect(exitCodeFor(new TypeError('boom'), output)).toBe(3);
  });

  it('names the file and line of an input error, and the fix', () => {
    const { output, text } = capture();
    exitCodeFor(new UsageError('unknown target "prd"', { location: { file: 'databricks.yml', line: 4, column: 3 }, hint: 'did you mean prod?' }), output);
    expect(text().err).toContain('unknown target "prd" (databricks.yml:4:3)');
    expect(text().err).toContain('hint: did you mean prod?');
  });
});

describe('secrets', () => {
  it('never appear in anything the output writes, and are masked on GitHub Actions', () => {
    const { output, text } = capture({ DATABRICKS_TOKEN: 'dapi-canary-0001', GITHUB_ACTIONS: 'true' });
    output.info('token is dapi-canary-0001');
    output.error('request with dapi-canary-0001 failed');
    output.result({ token: 'dapi-canary-0001' });
    const { out, err } = text();
    expect(out).not.toContain('dapi-canary-0001');
    expect(err.split('\n').filter((l) => l.includes('dapi-canary-0001'))).toEqual(['::add-mask::dapi-canary-0001']);
  });
});

describe('GitHub annotations', () => {
  it('carry file, line and column and escape what workflow commands need escaped', () => {
    expect(formatAnnotation({ level: 'error', message: 'bad: 50%\nnext', file: 'resources/a,b.yml', line: 3, column: 7 })).toBe(
      '::error file=resources/a%2Cb.yml,line=3,col=7::bad: 50%25%0Anext',
    );
  });

  it('are printed only when running in GitHub Actions', () => {
    const local = capture({});
    local.output.warn('careful', { file: 'x.yml', line: 1 });
    expect(local.text().err).not.toContain('::warning');
    const ci = capture({ GITHUB_ACTIONS: 'true' });
    ci.output.warn('careful', { file: 'x.yml', line: 1 });
    expect(ci.text().err).toContain('::warning file=x.yml,line=1::careful');
    expect(ci.text().out).toBe('');
  });
});

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR and the terminal', () => {
    expect(shouldColor({}, true)).toBe(true);
    expect(shouldColor({}, false)).toBe(false);
    expect(shouldColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('progress steps', () => {
  it('are plain lines with a duration outside a terminal', async () => {
    const { output, text } = capture({ CI: 'true' });
    const step = await output.step('deploying');
    step.succeed('deployed');
    expect(text().err).toMatch(/^- deploying\n✔ deployed \(\d+ms\)\n$/);
  });
});
