// Posts a SARIF file to the code-scanning endpoint as github/codeql-action/upload-sarif does.
import { readFileSync, appendFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const env = process.env;
const sarif = JSON.parse(readFileSync(env.INPUT_SARIF_FILE, 'utf8'));
if (env.INPUT_CATEGORY) {
  for (const run of sarif.runs ?? []) run.automationDetails = { id: `${env.INPUT_CATEGORY.replace(/\/$/, '')}/` };
}
const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
const response = await fetch(`${env.GITHUB_API_URL}/repos/${owner}/${repo}/code-scanning/sarifs`, {
  method: 'POST',
  headers: { authorization: `token ${env.INPUT_TOKEN}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
  body: JSON.stringify({
    commit_sha: env.INPUT_SHA || env.GITHUB_SHA,
    ref: env.INPUT_REF || env.GITHUB_REF,
    sarif: gzipSync(JSON.stringify(sarif)).toString('base64'),
    checkout_uri: `file://${env.INPUT_CHECKOUT_PATH}`,
    tool_names: (sarif.runs ?? []).map((run) => run.tool?.driver?.name).filter(Boolean),
  }),
});
const body = await response.json().catch(() => ({}));
if (response.status !== 202) {
  console.log(`::error::uploading the SARIF failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  process.exit(1);
}
console.log(`uploaded ${env.INPUT_SARIF_FILE} to code scanning (sarif id ${body.id})`);
appendFileSync(env.GITHUB_OUTPUT, `sarif-id=${body.id}\n`);
