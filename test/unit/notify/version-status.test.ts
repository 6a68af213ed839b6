import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../../src/core/notify/status.js';
import { latestVersionTag, parseVersionOption, versionFromManifest } from '../../../src/core/notify/version.js';

describe('--status', () => {
  it("accepts the four statuses in any case, and GitHub's job.status words", () => {
    expect(['Failed', 'succeeded', 'STARTED', 'Cancelled', 'failure', 'success', 'cancelled'].map(parseStatus)).toEqual([
      'Failed',
      'Succeeded',
      'Started',
      'Cancelled',
      'Failed',
      'Succeeded',
      'Cancelled',
    ]);
  });

  it('refuses anything else with exit 2 and the list of accepted values', () => {
    expect(() => parseStatus('broken')).toThrow(expect.objectContaining({ exitCode: 2, hint: expect.stringContaining('Failed, Succeeded, Started, Cancelled') }));
  });
});

describe('the bundle version', () => {
  it("reads the root package of release-please's manifest", () => {
    expect(versionFromManifest('{".": "1.4.0"}')).toBe('1.4.0');
    expect(versionFromManifest('{"bundle": "2.0.1"}')).toBe('2.0.1');
    expect(versionFromManifest('{"a": "1.0.0", "b": "2.0.0"}')).toBeUndefined();
    expect(versionFromManifest('not json')).toBeUndefined();
  });

  it('takes the highest SemVer v* tag, comparing numbers, not text', () => {
    expect(latestVersionTag(['v1.9.0', 'v1.10.0', 'v2.0.0-rc.1', 'release-9', 'vnext'])).toBe('2.0.0-rc.1');
    expect(latestVersionTag(['v1.9.0', 'v1.10.0'])).toBe('1.10.0');
    expect(latestVersionTag(['1.0.0', 'latest'])).toBeUndefined();
  });

  it('accepts --version with or without a v, and refuses what is not SemVer', () => {
    expect(parseVersionOption('v1.2.3')).toBe('1.2.3');
    expect(() => parseVersionOption('latest')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
