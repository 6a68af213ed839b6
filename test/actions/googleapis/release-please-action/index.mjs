// Runs release-please the way release-please-action v5 does: releases first, then the
// release pull request, and sets the same outputs. The library is the real one.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const input = (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
const output = (name, value) => appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}\n`);

const root = process.env.DATAOPS_TEST_REPO_ROOT;
if (!root) throw new Error('the release-please stand-in needs DATAOPS_TEST_REPO_ROOT (where node_modules/release-please is)');
const { GitHub, Manifest } = createRequire(path.join(root, 'package.json'))('release-please');

const [owner, repo] = (input('repo-url') || process.env.GITHUB_REPOSITORY).split('/');
const github = await GitHub.create({
  owner,
  repo,
  token: input('token'),
  apiUrl: input('github-api-url'),
  graphqlUrl: input('github-graphql-url').replace(/\/graphql$/, ''),
});
const branch = input('target-branch') || github.repository.defaultBranch;
const manifest = await Manifest.fromManifest(github, branch, input('config-file') || 'release-please-config.json', input('manifest-file') || '.release-please-manifest.json');

if (input('skip-github-release') !== 'true') {
  const releases = (await manifest.createReleases()).filter((release) => release !== undefined);
  output('releases_created', releases.length > 0);
  output('paths_released', releases.map((release) => release.path));
  for (const release of releases) {
    const prefix = release.path === '.' ? '' : `${release.path}--`;
    for (const [key, value] of Object.entries({ release_created: true, id: release.id, upload_url: release.uploadUrl, html_url: release.url, tag_name: release.tagName, major: release.major, minor: release.minor, patch: release.patch, sha: release.sha, version: release.version })) {
      output(`${prefix}${key}`, String(value ?? ''));
    }
  }
}
if (input('skip-github-pull-request') !== 'true') {
  const prs = (await manifest.createPullRequests()).filter((pr) => pr !== undefined);
  output('prs_created', prs.length > 0);
  if (prs.length > 0) {
    output('pr', prs[0]);
    output('prs', prs);
  }
}
