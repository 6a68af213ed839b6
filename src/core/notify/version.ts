import semver from 'semver';
import { UsageError } from '../errors.js';

/** The root package's version in release-please's `.release-please-manifest.json` (`{".": "1.4.0"}`). */
export function versionFromManifest(text: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!manifest || typeof manifest !== 'object') return undefined;
  const versions = manifest as Record<string, unknown>;
  const root = versions['.'];
  if (typeof root === 'string' && root !== '') return root;
  // A single-package manifest whose package lives in a subdirectory.
  const entries = Object.values(versions).filter((v): v is string => typeof v === 'string');
  return entries.length === 1 ? entries[0] : undefined;
}

/** The highest SemVer among `v*` tags (`v1.10.0` beats `v1.9.0`), without its `v`. */
export function latestVersionTag(tags: readonly string[]): string | undefined {
  const versions = tags
    .map((tag) => tag.trim())
    .filter((tag) => tag.startsWith('v'))
    .map((tag) => semver.valid(tag.slice(1)))
    .filter((v): v is string => v !== null);
  return semver.rsort(versions)[0];
}

/** `--version` as given, `v` prefix dropped; refuses what is not SemVer. */
export function parseVersionOption(value: string): string {
  const version = semver.valid(value.trim().replace(/^v/, ''));
  if (version) return version;
  throw new UsageError(`--version "${value}" is not a SemVer version`, { hint: 'pass the bundle version, e.g. --version 1.4.0' });
}
