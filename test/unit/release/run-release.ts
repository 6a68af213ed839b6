import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { GitHub, Manifest, setLogger } from 'release-please';
import { afterEach, beforeEach } from 'vitest';
import { runCli } from '../../../src/cli/app.js';
import { releasedAt123, writeEvent } from '../../fakes/github/scenario.js';
import { FakeGitHub } from '../../fakes/github/server.js';

export const TOKEN = 'ghs_releasetoken0123456789';

/** The environment the ChatOps workflow gives `dataops release`, pointed at the fake GitHub (GraphQL found from GITHUB_API_URL, as on GitHub Enterprise Server). */
export function workflowEnv(github: FakeGitHub, event: object): NodeJS.ProcessEnv {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'issue_comment',
    GITHUB_EVENT_PATH: writeEvent(event),
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_REPOSITORY: github.repo.fullName,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
  };
}

/** A checkout of the default branch, as the ChatOps workflow has it; `dataopsYml` is its settings file. */
export function checkout(dataopsYml?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-release-'));
  writeFileSync(path.join(dir, 'databricks.yml'), 'bundle:\n  name: sales\n');
  if (dataopsYml !== undefined) writeFileSync(path.join(dir, 'dataops.yml'), dataopsYml);
  return dir;
}

/** `dataops release` in-process (the same command module the binary runs). */
export async function releaseInProcess(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = (stream: PassThrough): (() => string) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return () => Buffer.concat(chunks).toString('utf8');
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [collect(stdout), collect(stderr)];
  const code = await runCli(['--cwd', cwd, 'release', ...args], { env, stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}

/** A fake GitHub whose repository was released at 1.2.3, serving the workflow's token. */
export async function startReleasedRepository(): Promise<FakeGitHub> {
  const github = await new FakeGitHub().token(TOKEN).start();
  releasedAt123(github.repo);
  return github;
}

export const SILENT = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

/** release-please as its GitHub Action runs it (the standard path), against the fake. */
export async function releasePleaseOn(github: FakeGitHub): Promise<Manifest> {
  const { owner, repo } = github.repo;
  const scm = await GitHub.create({ owner, repo, token: TOKEN, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl.replace(/\/graphql$/, ''), logger: SILENT });
  return Manifest.fromManifest(scm, 'main', undefined, undefined, { logger: SILENT });
}

export async function stopFakeGitHub(github: FakeGitHub): Promise<void> {
  await github.stop();
  // release-please keeps a global logger: leave a quiet one behind.
  setLogger(SILENT);
}

/** `::add-mask::` is how a workflow hides the token: the one line allowed to carry it. */
export function withoutMasks(text: string): string {
  return text.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
}

/** A fresh released repository on a fake GitHub for every test of the file. */
export function useReleasedRepository(): () => FakeGitHub {
  let github: FakeGitHub | undefined;
  beforeEach(async () => {
    github = await startReleasedRepository();
  });
  afterEach(async () => {
    if (github) await stopFakeGitHub(github);
  });
  return () => {
    if (!github) throw new Error('the fake GitHub runs only inside a test');
    return github;
  };
}
