import { describe, expect, it } from 'vitest';
import { parseDatabricksCfg, summarizeCredentials } from '../../../src/core/credentials.js';
import { buildDoctorReport, extractVersion } from '../../../src/core/doctor.js';
import { formatLocation } from '../../../src/core/errors.js';
import { suggest } from '../../../src/core/suggest.js';

describe('suggest', () => {
  it('offers the nearest known word for a typo', () => {
    expect(suggest('deplyo', ['deploy', 'destroy', 'doctor'])).toBe('deploy');
    expect(suggest('jsn', ['json', 'verbose'])).toBe('json');
  });
  it('offers nothing when no word is close', () => {
    expect(suggest('kubernetes', ['deploy', 'doctor'])).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
  });
});

describe('formatLocation', () => {
  it('prints file:line:col and leaves out what is unknown', () => {
    expect(formatLocation({ file: 'databricks.yml', line: 3, column: 5 })).toBe('databricks.yml:3:5');
    expect(formatLocation({ file: 'databricks.yml', line: 3 })).toBe('databricks.yml:3');
    expect(formatLocation({ file: 'databricks.yml' })).toBe('databricks.yml');
  });
});

describe('credentials', () => {
  const cfg = parseDatabricksCfg('[DEFAULT]\nhost = https://a.cloud.databricks.com\ntoken = dapiSECRET\n\n[sp]\nhost = https://b.cloud.databricks.com\nclient_id = id\nclient_secret = s3cret\n');

  it('prefers the environment, as the Databricks CLI does', () => {
    const summary = summarizeCredentials({ DATABRICKS_HOST: 'https://env.example', DATABRICKS_TOKEN: 't0ken' }, cfg);
    expect(summary).toMatchObject({ host: 'https://env.example', authType: 'pat', source: 'environment' });
    expect(summary.present).toEqual(['DATABRICKS_HOST', 'DATABRICKS_TOKEN']);
  });

  it('falls back to the selected profile and recognises OAuth M2M', () => {
    expect(summarizeCredentials({}, cfg)).toMatchObject({ host: 'https://a.cloud.databricks.com', authType: 'pat', profile: 'DEFAULT' });
    expect(summarizeCredentials({ DATABRICKS_CONFIG_PROFILE: 'sp' }, cfg)).toMatchObject({ authType: 'oauth-m2m', profile: 'sp' });
  });

  it('recognises GitHub OIDC from DATABRICKS_AUTH_TYPE', () => {
    expect(summarizeCredentials({ DATABRICKS_HOST: 'https://h', DATABRICKS_AUTH_TYPE: 'github-oidc' }, {})).toMatchObject({ authType: 'github-oidc', source: 'environment' });
  });

  it('never carries a secret value', () => {
    const text = JSON.stringify([summarizeCredentials({}, cfg), summarizeCredentials({ DATABRICKS_CONFIG_PROFILE: 'sp' }, cfg)]);
    expect(text).not.toContain('dapiSECRET');
    expect(text).not.toContain('s3cret');
  });

  it('says when there are none', () => {
    expect(summarizeCredentials({}, {})).toMatchObject({ source: 'none', host: null, authType: null });
  });
});

describe('doctor report', () => {
  const self = { version: '1.0.0', node: 'v24', platform: 'linux-x64' };
  const none = summarizeCredentials({}, {});

  it('reads versions out of each tool line', () => {
    expect(extractVersion('Databricks CLI v0.270.0')).toBe('0.270.0');
    expect(extractVersion('Task version: v3.44.0 (h1:abc)')).toBe('3.44.0');
    expect(extractVersion('git version 2.39.5')).toBe('2.39.5');
    expect(extractVersion('Databricks CLI v0.0.0-dev+abc')).toBe('0.0.0-dev+abc');
  });

  it('fails when a required tool is missing and says how to install it', () => {
    const report = buildDoctorReport(self, [{ name: 'git', output: 'git version 2.39.5' }], none);
    expect(report.ok).toBe(false);
    const databricks = report.tools.find((t) => t.name === 'databricks');
    expect(databricks).toMatchObject({ found: false, required: true });
    expect(databricks?.install).toContain('setup-cli');
  });

  it('passes when only optional tools are missing', () => {
    const probes = ['databricks', 'git', 'task'].map((name) => ({ name, output: name === 'databricks' ? 'Databricks CLI v1.12.1' : `${name} 1.2.3` }));
    expect(buildDoctorReport(self, probes, none).ok).toBe(true);
  });
});
