import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPython } from '../../../src/adapters/pytest.js';
import { outcomeOf, pytestArguments, testEnvironment } from '../../../src/core/testing/layers.js';

describe('test layers', () => {
  it('runs pytest on the layer directory with a JUnit report, then the arguments given after --', () => {
    expect(pytestArguments('integration', ['-k', 'sales'])).toEqual(['-m', 'pytest', 'tests/integration/', '--junitxml=reports/integration.xml', '-k', 'sales']);
  });

  it('reads pytest exit codes: collection errors fail, no tests is its own outcome', () => {
    expect([0, 1, 2, 3, 4, 5, null].map(outcomeOf)).toEqual(['passed', 'failed', 'failed', 'crashed', 'usage', 'empty', 'crashed']);
  });

  it('sets only what is known in the environment of the tests', () => {
    expect(testEnvironment({ target: 'staging', summaryPath: '/p/reports/s.json' })).toEqual({ DATABRICKS_BUNDLE_TARGET: 'staging', DATAOPS_BUNDLE_SUMMARY: '/p/reports/s.json' });
  });
});

describe('findPython', () => {
  const executable = (file: string): string => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  it('prefers the project .venv over python3 on PATH', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-python-'));
    const onPath = executable(path.join(dir, 'bin', 'python3'));
    expect(findPython(path.join(dir, 'project'), { PATH: path.dirname(onPath) })).toBe(onPath);
    const inVenv = executable(path.join(dir, 'project', '.venv', 'bin', 'python'));
    expect(findPython(path.join(dir, 'project'), { PATH: path.dirname(onPath) })).toBe(inVenv);
  });

  it('says how to create the virtualenv when there is no Python', () => {
    expect(() => findPython('/nonexistent', { PATH: '/nonexistent/bin' })).toThrow(/no Python found/);
  });
});
