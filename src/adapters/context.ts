/**
 * What a notification says about the project and the run, read from the checkout and
 * the GitHub Actions environment. Everything here is optional context: a missing or
 * unreadable file leaves a fact out (with a note), it never stops the notification.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_FILE_NAMES } from '../core/bundle/root-files.js';
import type { RunContext } from '../core/notify/card.js';
import { runContextFromEnv, type GitHubEvent } from '../core/notify/github-run.js';
import { latestVersionTag, versionFromManifest } from '../core/notify/version.js';
import { readTags } from './git-log.js';

/** Says why a fact is missing (shown with --verbose). */
export type Note = (text: string) => void;

const MANIFEST = '.release-please-manifest.json';

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

/** `bundle.name` of the bundle root file in `root`, read without loading the whole bundle (a notification must never fail on it). */
export async function readBundleName(cwd: string, note: Note): Promise<string | undefined> {
  for (const name of ROOT_FILE_NAMES) {
    const text = await readText(path.join(cwd, name));
    if (text === undefined) continue;
    const { parse } = await import('yaml');
    try {
      const root = parse(text) as { bundle?: { name?: unknown } } | null;
      const bundleName = root?.bundle?.name;
      if (typeof bundleName === 'string' && bundleName !== '') return bundleName;
      note(`${name} has no bundle.name`);
    } catch (error) {
      note(`${name} could not be read as YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
    return undefined;
  }
  note(`no ${ROOT_FILE_NAMES[0]} in ${cwd}: the bundle name is left out`);
  return undefined;
}

/** The version in release-please's manifest, else the highest `v*` tag reachable from HEAD. */
export async function readBundleVersion(cwd: string, note: Note): Promise<string | undefined> {
  const manifest = await readText(path.join(cwd, MANIFEST));
  const fromManifest = manifest === undefined ? undefined : versionFromManifest(manifest);
  if (fromManifest) return fromManifest;
  if (manifest !== undefined) note(`${MANIFEST} holds no version for the root package`);
  try {
    const version = latestVersionTag((await readTags(cwd)).map((tag) => tag.name));
    if (!version) note('no v* tag: the version is left out (pass --version)');
    return version;
  } catch (error) {
    note(`git tags could not be read (${error instanceof Error ? error.message : String(error)}): the version is left out`);
    return undefined;
  }
}

/** Repository, ref, commit, actor, workflow and links of the GitHub Actions run, when there is one. */
export async function readRunContext(env: NodeJS.ProcessEnv, note: Note): Promise<RunContext> {
  let event: GitHubEvent | undefined;
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) {
    const text = await readText(env.GITHUB_EVENT_PATH);
    try {
      event = text === undefined ? undefined : (JSON.parse(text) as GitHubEvent);
    } catch {
      note('the GitHub event file is not JSON: the pull request link is left out');
    }
  }
  return runContextFromEnv(env, event);
}
