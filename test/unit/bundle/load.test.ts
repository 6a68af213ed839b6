import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { at, errors, resolve } from './helpers.js';

describe('includes', () => {
  it('loads the files a glob names, in sorted order, and lists them', () => {
    const r = resolve({
      'databricks.yml': 'bundle: {name: inc}\ninclude:\n  - resources/*.yml\n',
      'resources/b.yml': 'resources:\n  jobs:\n    b: {name: b}\n',
      'resources/a.yml': 'resources:\n  jobs:\n    a: {name: a}\n',
      'resources/nested/c.yml': 'resources:\n  jobs:\n    c: {name: c}\n',
    });
    expect(r.files).toEqual(['databricks.yml', 'resources/a.yml', 'resources/b.yml']);
    expect(Object.keys(at(r, 'resources.jobs') as object)).toEqual(['a', 'b']);
    expect(at(r, 'include')).toEqual(['resources/a.yml', 'resources/b.yml']);
  });

  it('reports a plain include that matches nothing', () => {
    const r = resolve({ 'databricks.yml': 'bundle: {name: inc}\ninclude:\n  - missing.yml\n' });
    expect(errors(r)).toEqual(["missing.yml defined in 'include' section does not match any files"]);
    expect(r.loaded).toBe(true);
  });

  it('accepts a glob that matches nothing', () => {
    expect(errors(resolve({ 'databricks.yml': 'bundle: {name: inc}\ninclude:\n  - resources/*.yml\n' }))).toEqual([]);
  });

  it('rejects a root with two configuration files', () => {
    expect(errors(resolve({ 'databricks.yml': 'bundle: {name: a}', 'bundle.yml': 'bundle: {name: b}' }))).toEqual(['multiple bundle root configuration files found in .']);
  });

  it('warns about unknown fields and drops them', () => {
    const r = resolve({ 'databricks.yml': 'bundle: {name: a}\nresources:\n  jobs:\n    j:\n      nmae: typo\n' });
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', summary: 'unknown field: nmae', locations: [{ file: 'databricks.yml', line: 5, column: 7 }], paths: ['resources.jobs.j'] });
    expect(at(r, 'resources.jobs.j.nmae')).toBeUndefined();
  });

  it('stops at malformed YAML with the file, line and column', () => {
    let caught: unknown;
    try {
      resolve({ 'databricks.yml': 'bundle:\n  name: a\n resources: [\n' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).location).toMatchObject({ file: 'databricks.yml', line: 3 });
  });
});

describe('target selection', () => {
  const files = { 'databricks.yml': 'bundle: {name: t}\ntargets:\n  dev: {default: true}\n  prod: {}\n' };

  it('takes -t, else DATABRICKS_BUNDLE_TARGET, else the default target', () => {
    expect(resolve(files, { target: 'prod' }).target).toBe('prod');
    expect(resolve(files, { env: { DATABRICKS_BUNDLE_TARGET: 'prod' } }).target).toBe('prod');
    expect(resolve(files).target).toBe('dev');
  });

  it('takes the only target, and names a bundle without targets "default"', () => {
    expect(resolve({ 'databricks.yml': 'bundle: {name: t}\ntargets:\n  only: {}\n' }).target).toBe('only');
    expect(at(resolve({ 'databricks.yml': 'bundle: {name: t}\n' }), 'bundle.target')).toBe('default');
  });

  it('asks for a target when there are several and none is the default', () => {
    expect(errors(resolve({ 'databricks.yml': 'bundle: {name: t}\ntargets:\n  a: {}\n  b: {}\n' }))).toEqual(['please specify target']);
  });

  it('names the available targets when the one asked for does not exist', () => {
    expect(errors(resolve(files, { target: 'staging' }))).toEqual(['staging: no such target. Available targets: dev, prod']);
  });
});
