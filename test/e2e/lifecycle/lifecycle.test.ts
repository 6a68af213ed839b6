import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { adaptiveCardProblems, cardOf } from '../../helpers/webhook-receiver.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_TITLE } from '../../../src/core/notify/heartbeat.js';
import { isMarkedComment } from '../../../src/core/release/comments.js';
import type { FakeDispatch } from '../../fakes/github/model.js';
import { commentBy, issueCommentEvent } from '../../fakes/github/scenario.js';
import { World } from './world.js';

/**
 * The design document's lifecycle, played with act on a project made by `dataops init`: the
 * blueprint's workflows run end to end against dataops local, the fake GitHub and Teams.
 */
describe('the lifecycle: from a push to production', () => {
  const world = new World();
  let failed = false;

  beforeAll(async () => {
    await world.start();
  });
  afterAll(async () => {
    const total = world.timings.reduce((sum, t) => sum + t.seconds, 0);
    console.log(`lifecycle: ${world.timings.map((t) => `${t.name} ${t.seconds.toFixed(0)} s`).join(', ')}; act total ${total.toFixed(0)} s`);
    await world.stop();
    if (!failed) world.discardLogs();
  });
  const latestTag = (): string => world.github.repo.releases.at(-1)?.tagName ?? 'no release yet';
  const step = (name: string, fn: () => Promise<void>, timeout = 300_000) =>
    it(name, { timeout }, async () => {
      try {
        await fn();
      } catch (error) {
        failed = true;
        throw error;
      }
    });

  step('1. a pull request runs lint.yml: validate with SARIF in code scanning, the title, unit tests, the version preview', async () => {
    const pull = world.proposeChange('feat/weekly-summary', { 'src/sql/weekly_summary.sql': 'SELECT 1 AS one\n' }, 'feat: weekly summary query');
    const run = await world.act('lint-pull-request', { workflow: 'lint.yml', event: 'pull_request', payload: world.pullRequestEvent(pull), sha: pull.mergeSha });
    expect(run.code, run.log.slice(-4000)).toBe(0);
    for (const job of ['Validate the bundle', 'Conventional Commits', 'Unit tests', 'Version preview']) expect(run.log).toContain(`[Lint/${job}`);
    const [upload] = world.github.repo.sarifUploads;
    expect(upload).toMatchObject({ commitSha: pull.mergeSha, ref: `refs/pull/${pull.number}/merge`, sarif: { runs: [{ automationDetails: { id: 'dataops-validate/' }, results: [] }] } });
    expect(readdirSync(path.join(world.work, 'artifacts-1', 'unit-tests'))).toContain('unit.xml');
    // Beside the plans of staging and production (lint.yml's plan jobs), one version preview.
    const comments = world.github.repo.comments.filter((c) => c.issueNumber === pull.number);
    expect(comments).toHaveLength(3);
    const preview = comments.filter((c) => c.body.includes('weekly summary query'));
    expect(preview).toHaveLength(1);
    expect(preview[0]?.body).toContain('1.0.0');
  });

  step('2. merging it runs staging.yml: deploy as the staging service principal through OIDC, verify, integration tests', async () => {
    const pull = world.github.repo.pulls[0];
    if (!pull) throw new Error('step 1 opened no pull request');
    const push = world.mergePull(pull);
    const run = await world.act('staging', { workflow: 'staging.yml', event: 'push', payload: world.pushEvent(push), sha: push.after, environment: 'staging' });
    expect(run.code, run.log.slice(-6000)).toBe(0);
    expect(run.log).toContain(`deployed staging target staging as ${world.principals.staging.applicationId}`);
    expect(run.log).toContain('✅  Success - Main Integration tests');
    const jobs = (await world.workspace('GET', '/api/2.2/jobs/list')) as { jobs?: Array<{ settings: { name: string }; creator_user_name: string }> };
    expect(jobs.jobs?.map((j) => [j.settings.name, j.creator_user_name])).toContainEqual(['[staging] Daily Sales Ingestion', world.principals.staging.applicationId]);
  });

  step('2b. with an integration test broken on purpose, staging is red and the team gets "Failed · staging" with the run link', async () => {
    world.git(world.dev, 'checkout', '-q', '-B', 'break/integration', 'origin/main');
    const file = path.join(world.dev, 'tests', 'integration', 'test_deployment.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace('assert dashboard.lifecycle_state == LifecycleState.ACTIVE', 'assert dashboard.lifecycle_state == LifecycleState.TRASHED'));
    world.git(world.dev, 'commit', '-q', '-am', 'test: break an integration assertion on purpose');
    world.git(world.dev, 'push', '-q', 'origin', 'break/integration');
    const sha = world.git(world.origin, 'rev-parse', 'break/integration');
    world.teams.reset();
    const run = await world.act('staging-broken-test', { workflow: 'staging.yml', event: 'workflow_dispatch', payload: world.dispatchEvent('staging.yml', 'refs/heads/break/integration'), sha, environment: 'staging' });
    expect(run.code).not.toBe(0);
    expect(run.log).toMatch(/❌ {2}Failure - Main Integration tests/);
    const cards = world.teams.payloads().map(cardOf);
    expect(cards).toHaveLength(1);
    expect(adaptiveCardProblems(cards[0])).toEqual([]);
    const text = JSON.stringify(cards[0]);
    expect(text).toContain('Failed');
    expect(text).toContain('staging');
    expect(text).toMatch(/https:\/\/github\.com\/acme\/sales\/actions\/runs\/\d+/);
  });

  step('3. release-please.yml opens the release pull request; merging it releases and deploys production as its service principal', async () => {
    const main = world.git(world.origin, 'rev-parse', 'main');
    const first = await world.act('release-please-pr', { workflow: 'release-please.yml', event: 'push', payload: world.pushEvent({ before: main, after: main }), sha: main, environment: 'production' });
    expect(first.code, first.log.slice(-6000)).toBe(0);
    const release = world.github.repo.pulls.find((p) => p.headRef.startsWith('release-please--branches--main') && p.state === 'open');
    expect(release?.title).toBe('chore(main): release 1.0.0');
    const files = world.github.repo.files(release?.headSha ?? '');
    expect(files.get('CHANGELOG.md')).toContain('weekly summary query');
    expect(files.get('.release-please-manifest.json')).toContain('1.0.0');
    expect(files.get('databricks.yml')).toMatch(/bundle_version:[\s\S]*?default: "?1\.0\.0"?/);
    expect(first.log).not.toContain('[Release Please/Production');

    world.teams.reset();
    const push = world.mergePull(release as NonNullable<typeof release>);
    const second = await world.act('release-please-release', { workflow: 'release-please.yml', event: 'push', payload: world.pushEvent(push), sha: push.after, environment: 'production' });
    expect(second.code, second.log.slice(-8000)).toBe(0);
    expect(world.github.repo.releases.map((r) => r.tagName)).toEqual(['v1.0.0']);
    expect(second.log).toContain(`deployed production target prod as ${world.principals.production.applicationId}`);
    const cards = world.teams.payloads().map(cardOf);
    expect(cards.map((card) => JSON.stringify(card))).toEqual([expect.stringMatching(/Succeeded[\s\S]*1\.0\.0|1\.0\.0[\s\S]*Succeeded/)]);
  });

  step('4. /release by a maintainer: chatops.yml merges, cuts the release, dispatches production.yml; by a read-only user: refused', async () => {
    const repo = world.github.repo;
    const pull = world.greenPull('feat/monthly-summary', { 'src/sql/monthly_summary.sql': 'SELECT 2 AS two\n' }, 'feat: monthly summary query');
    const trigger = commentBy(repo, pull, 'dana', 'maintain');
    const chatops = await world.act('chatops-maintainer', { workflow: 'chatops.yml', event: 'issue_comment', payload: issueCommentEvent(repo, trigger) as Record<string, unknown>, sha: world.git(world.origin, 'rev-parse', 'main'), environment: 'production' });
    expect(chatops.code, chatops.log.slice(-6000)).toBe(0);
    expect(pull.merged).toBe(true);
    expect(repo.releases.map((r) => r.tagName)).toEqual(['v1.0.0', 'v1.1.0']);
    expect(repo.dispatches).toEqual([expect.objectContaining({ workflow: 'production.yml', inputs: { tag: 'v1.1.0' } })]);
    const [dispatch] = repo.dispatches as [FakeDispatch];
    const bodies = repo.comments.filter((c) => c.issueNumber === pull.number && c.id !== trigger.id).map((c) => c.body);
    expect(bodies.filter((body) => isMarkedComment(body, 'start'))).toHaveLength(1);
    expect(bodies.filter((body) => isMarkedComment(body, 'complete', trigger.id))).toEqual([expect.stringContaining('v1.1.0')]);

    // The run GitHub would start for the dispatch: production.yml on its ref, with its inputs.
    world.teams.reset();
    const tagSha = world.git(world.origin, 'rev-parse', 'v1.1.0^{commit}');
    const ref = dispatch.ref.startsWith('refs/') ? dispatch.ref : `refs/heads/${dispatch.ref}`;
    const payload = world.dispatchEvent(dispatch.workflow, ref, dispatch.inputs, 'github-actions[bot]');
    const production = await world.act('production-dispatched', { workflow: dispatch.workflow, event: 'workflow_dispatch', payload, sha: world.git(world.origin, 'rev-parse', ref), environment: 'production', inputs: dispatch.inputs });
    expect(production.code, production.log.slice(-6000)).toBe(0);
    expect(production.log).toContain(`checked out v1.1.0 at ${tagSha}`);
    expect(world.teams.payloads().map((p) => JSON.stringify(cardOf(p)))).toEqual([expect.stringContaining('1.1.0')]);

    const other = world.greenPull('feat/not-yours', { 'src/sql/not_yours.sql': 'SELECT 3 AS three\n' }, 'feat: not yours to release');
    const intruder = commentBy(repo, other, 'rob', 'read');
    const refused = await world.act('chatops-read-only', { workflow: 'chatops.yml', event: 'issue_comment', payload: issueCommentEvent(repo, intruder) as Record<string, unknown>, sha: world.git(world.origin, 'rev-parse', 'main'), environment: 'production', actor: 'rob' });
    expect(refused.code).not.toBe(0);
    expect(other.merged).toBe(false);
    expect(repo.releases).toHaveLength(2);
    expect(repo.comments.filter((c) => c.issueNumber === other.number && c.id !== intruder.id).map((c) => c.body).join('\n')).toMatch(/rob/);
  }, 600_000);

  step('5. a hand edit of the production job in the workspace turns drift.yml red and the team is told', async () => {
    const { jobs = [] } = (await world.workspace('GET', '/api/2.2/jobs/list')) as { jobs?: Array<{ job_id: number; settings: { name: string } }> };
    const production = jobs.find((job) => job.settings.name === 'Daily Sales Ingestion');
    if (!production) throw new Error(`no production job among ${jobs.map((j) => j.settings.name).join(', ')}`);
    await world.workspace('POST', '/api/2.2/jobs/update', { job_id: production.job_id, new_settings: { max_concurrent_runs: 5 } });
    world.teams.reset();
    const main = world.git(world.origin, 'rev-parse', 'main');
    const run = await world.act('drift', { workflow: 'drift.yml', event: 'workflow_dispatch', payload: world.dispatchEvent('drift.yml'), sha: main, environment: 'production-drift' });
    expect(run.code).not.toBe(0);
    expect(run.log).toContain('max_concurrent_runs');
    expect(run.log).toMatch(/❌ {2}Failure - Main dataops drift/);
    const cards = world.teams.payloads().map((payload) => JSON.stringify(cardOf(payload)));
    expect(cards).toEqual([expect.stringContaining('Production drift')]);
  });

  step('6. production.yml\'s deploy job signed in with a developer\'s token instead of OIDC is refused, nothing deployed', async () => {
    // A developer edits the deploy job on a branch to use their own token (a secret they added), and starts it by hand.
    const file = path.join(world.dev, '.github', 'workflows', 'production.yml');
    world.git(world.dev, 'fetch', '-q', 'origin');
    world.git(world.dev, 'checkout', '-q', '-B', 'deploy-with-my-token', 'origin/main');
    const text = readFileSync(file, 'utf8');
    const deployJob = text.indexOf('\n  deploy:');
    const edited = text.slice(0, deployJob) + text.slice(deployJob).replace('DATABRICKS_CLIENT_ID: ${{ vars.DATABRICKS_CLIENT_ID }}\n      DATABRICKS_AUTH_TYPE: github-oidc', 'DATABRICKS_TOKEN: ${{ secrets.MY_DATABRICKS_TOKEN }}\n      DATABRICKS_AUTH_TYPE: pat');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    world.git(world.dev, 'commit', '-q', '-am', 'ci: deploy production with my token');
    world.git(world.dev, 'push', '-q', 'origin', 'deploy-with-my-token');
    const jobsBefore = await world.workspace('GET', '/api/2.2/jobs/list');
    world.teams.reset();
    const ref = 'refs/heads/deploy-with-my-token';
    const inputs = { tag: latestTag() };
    const run = await world.act('production-developer-token', { workflow: 'production.yml', event: 'workflow_dispatch', payload: world.dispatchEvent('production.yml', ref, inputs), sha: world.git(world.origin, 'rev-parse', ref), environment: 'production', inputs, secrets: { MY_DATABRICKS_TOKEN: world.developerToken } });
    expect(run.code).not.toBe(0);
    expect(run.log).toMatch(/❌ {2}Failure - Main Deploy production, exactly the reviewed plan/);
    expect(run.log).toContain('production target prod is deployed only by a service principal in CI: user developer@dataops.local is not a service principal');
    expect(run.output).not.toContain(world.developerToken);
    expect(await world.workspace('GET', '/api/2.2/jobs/list')).toEqual(jobsBefore);
    expect(world.teams.payloads().map((p) => JSON.stringify(cardOf(p)))).toEqual([expect.stringContaining('Failed')]);
  });

  step('7. heartbeat.yml sends the heartbeat card to Teams each month; when the webhook is gone, the run is red', async () => {
    const main = world.git(world.origin, 'rev-parse', 'main');
    const schedule = { schedule: '23 6 1 * *', repository: world.repositoryPayload() };
    world.teams.reset();
    const run = await world.act('heartbeat', { workflow: 'heartbeat.yml', event: 'schedule', payload: schedule, sha: main });
    expect(run.code, run.log.slice(-4000)).toBe(0);
    const cards = world.teams.payloads().map(cardOf);
    expect(cards).toHaveLength(1);
    expect(adaptiveCardProblems(cards[0])).toEqual([]);
    expect(JSON.stringify(cards[0])).toContain(HEARTBEAT_TITLE);

    world.teams.fallback = { status: 404, body: '{"error":{"code":"WorkflowNotFound","message":"The workflow was not found."}}' };
    const gone = await world.act('heartbeat-webhook-gone', { workflow: 'heartbeat.yml', event: 'schedule', payload: schedule, sha: main });
    expect(gone.code).not.toBe(0);
    expect(gone.log).toMatch(/❌ {2}Failure - Main Send the heartbeat/);
    expect(gone.log).toContain('the heartbeat did not reach 1 of 1 channel');
    expect(gone.output).not.toContain('secret-signature');
  });

  step('8. a pull request from a fork gets, from plan-fork.yml, the comment that each plan was skipped and why; nothing of the fork is checked out', async () => {
    const pull = world.proposeChange('main', { 'resources/from_a_fork.yml': 'resources: {}\n' }, 'feat: a change from a fork', 'outsider/sales');
    const run = await world.act('plan-fork', { workflow: 'plan-fork.yml', event: 'pull_request_target', payload: world.pullRequestEvent(pull), sha: world.git(world.origin, 'rev-parse', 'main') });
    expect(run.code, run.log.slice(-4000)).toBe(0);
    const comments = world.github.repo.comments.filter((c) => c.issueNumber === pull.number).map((c) => c.body);
    expect(comments).toHaveLength(2);
    for (const target of ['staging', 'prod']) expect(comments.find((body) => body.includes(`dataops plan: \`${target}\``))).toMatch(/The plan was skipped:\*\* pull requests from forks get no Databricks credentials/);
    // The runner's workspace holds main as it was, untouched: nothing of the fork's commit.
    expect(world.git(run.workdir, 'rev-parse', 'HEAD')).toBe(world.git(world.origin, 'rev-parse', 'main'));
    expect(world.git(run.workdir, 'status', '--porcelain')).toBe('');
    expect(existsSync(path.join(run.workdir, 'resources', 'from_a_fork.yml'))).toBe(false);
    expect(run.output).not.toContain('actions/checkout');
  });

  step('1b. a bundle that duplicates a job name turns the pull request red; the SARIF result points at the file and line', async () => {
    const duplicate = ['resources:', '  jobs:', '    ingestion_copy:', '      name: Daily Sales Ingestion', '      tasks:', '        - task_key: noop', '          notebook_task:', '            notebook_path: ../src/notebooks/ingest_sales.py', ''].join('\n');
    const pull = world.proposeChange('feat/copy-of-ingestion', { 'resources/ingestion_copy.yml': duplicate }, 'feat: a copy of the ingestion job');
    const run = await world.act('lint-duplicate-job', { workflow: 'lint.yml', event: 'pull_request', payload: world.pullRequestEvent(pull), sha: pull.mergeSha });
    expect(run.code).not.toBe(0);
    expect(run.log).toMatch(/❌ {2}Failure - Main dataops validate/);
    const upload = world.github.repo.sarifUploads.find((u) => u.commitSha === pull.mergeSha);
    const results = (upload?.sarif as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> }).runs[0]?.results ?? [];
    const where = results.flatMap((r) => r.locations.map((l) => `${r.ruleId} ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`));
    expect(where.some((w) => w.includes('resources/ingestion_copy.yml:4')), where.join('\n')).toBe(true);
  });
});
