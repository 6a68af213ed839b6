import { Manifest, setLogger, type Logger } from 'release-please';
import { TagName } from 'release-please/build/src/util/tag-name.js';
import semver from 'semver';
import { UsageError } from '../errors.js';
import { SnapshotScm, type RepositorySnapshot } from './snapshot-scm.js';

export const CONFIG_FILE = 'release-please-config.json';
export const MANIFEST_FILE = '.release-please-manifest.json';
/** What release-please's action assumes with `release-type: simple` and no config file. */
const DEFAULT_CONFIG = { packages: { '.': { 'release-type': 'simple' } } };
const ROOT = '.';
const PENDING_SHA = '0'.repeat(40);

export interface VersionPreview {
  branch: string;
  /** Where the settings came from: the config file, or release-please's defaults. */
  configSource: 'file' | 'default';
  /** Where the current version came from. */
  currentSource: 'manifest' | 'tag' | 'none';
  current: string | null;
  /** Null when no commit since the current release would make one. */
  next: string | null;
  /** The tag the release will get, e.g. `v1.3.0`. */
  tag: string | null;
  bump: semver.ReleaseType | 'initial' | null;
  /** The section release-please will add to the changelog (empty when there is no release). */
  changelog: string;
}

export type PreviewLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/**
 * The next release as release-please computes it: its own Manifest runs over a
 * snapshot of the repository, so the preview and the real release share every rule
 * (bump-minor-pre-major, bump-patch-for-minor-pre-major, Release-As footers, release-as,
 * changelog sections, tag format).
 */
export async function previewRelease(snapshot: RepositorySnapshot, log: PreviewLog, options: { pendingCommit?: string } = {}): Promise<VersionPreview> {
  const configText = await snapshot.readFile(CONFIG_FILE);
  const manifestText = await snapshot.readFile(MANIFEST_FILE);
  const latestTag = latestVersionTag(snapshot.tags);
  const currentSource = manifestText !== null ? 'manifest' : latestTag ? 'tag' : 'none';
  const effective: RepositorySnapshot = {
    ...snapshot,
    // A pull request lands as one squash commit whose message is its title.
    commits: options.pendingCommit ? [{ sha: PENDING_SHA, message: options.pendingCommit, files: [] }, ...snapshot.commits] : snapshot.commits,
    readFile: async (path) => {
      if (path === CONFIG_FILE) return configText ?? JSON.stringify(DEFAULT_CONFIG);
      if (path === MANIFEST_FILE) return manifestText ?? JSON.stringify(latestTag ? { [ROOT]: latestTag } : {});
      return snapshot.readFile(path);
    },
  };

  const logger = releasePleaseLogger(log);
  setLogger(logger);
  const manifest = await Manifest.fromManifest(new SnapshotScm(effective), snapshot.branch, CONFIG_FILE, MANIFEST_FILE, { logger });
  const paths = Object.keys(manifest.repositoryConfig);
  const config = manifest.repositoryConfig[ROOT];
  if (!config || paths.length !== 1) {
    throw new UsageError(`${CONFIG_FILE} configures ${paths.map((p) => `"${p}"`).join(', ')}: dataops version previews one package at "."`, {
      location: { file: CONFIG_FILE },
      hint: 'a Databricks bundle is released as one package: configure "packages": { ".": { ... } }',
    });
  }
  const current = manifest.releasedVersions[ROOT]?.toString() ?? null;
  const [pullRequest] = await manifest.buildPullRequests();
  const release = pullRequest?.body.releaseData[0];
  const base = { branch: snapshot.branch, configSource: configText !== null ? 'file' : 'default', currentSource, current } as const;
  if (!pullRequest || !release?.version) return { ...base, next: null, tag: null, bump: null, changelog: '' };

  const next = release.version.toString();
  const component = config.includeComponentInTag === false ? undefined : release.component || undefined;
  const tag = new TagName(release.version, component, config.tagSeparator, config.includeVInTag).toString();
  const bump = current && current !== '0.0.0' ? semver.diff(current, next) : 'initial';
  return { ...base, next, tag, bump, changelog: release.notes };
}

/** The highest `v<semver>` tag, without its `v`. */
export function latestVersionTag(tags: ReadonlyArray<{ name: string }>): string | null {
  const versions = tags.map((tag) => /^v(\d.*)$/.exec(tag.name)?.[1]).filter((v): v is string => v !== undefined && semver.valid(v) !== null);
  return versions.sort(semver.rcompare)[0] ?? null;
}

function releasePleaseLogger(log: PreviewLog): Logger {
  const forward =
    (level: Parameters<PreviewLog>[0]) =>
    (first: unknown, ...rest: unknown[]): void =>
      log(level, [first, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  return { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug'), trace: forward('debug') };
}
