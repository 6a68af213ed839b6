import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    world.git(world.dev, 'checkout', '-q', '-b', 'feat/weekly-summary');
    writeFileSync(path.join(world.dev, 'src', 'sql', 'weekly_summary.sql'), 'SELECT 1 AS one\n');
    world.git(world.dev, 'add', '-A');
    world.git(world.dev, 'commit', '-q', '-m', 'feat: weekly summary query');
    const pull = world.openPull('feat/weekly-summary', 'feat: weekly summary query');
    const run = await world.act('lint-pull-request', { workflow: 'lint.yml', event: 'pull_request', payload: world.pullRequestEvent(pull), sha: pull.mergeSha });
    expect(run.code, run.log.slice(-4000)).toBe(0);
    for (const job of ['Validate the bundle', 'Conventional Commits', 'Unit tests', 'Version preview']) expect(run.log).toContain(`[Lint/${job}`);
    const [upload] = world.github.repo.sarifUploads;
    expect(upload).toMatchObject({ commitSha: pull.mergeSha, ref: `refs/pull/${pull.number}/merge`, sarif: { runs: [{ automationDetails: { id: 'dataops-validate/' }, results: [] }] } });
    expect(readdirSync(path.join(world.work, 'artifacts-1', 'unit-tests'))).toContain('unit.xml');
    const preview = world.github.repo.comments.filter((c) => c.issueNumber === pull.number);
    expect(preview).toHaveLength(1);
    expect(preview[0]?.body).toContain('1.0.0');
    expect(preview[0]?.body).toContain('weekly summary query');
  });

  step('1b. a bundle that duplicates a job name turns the pull request red; the SARIF result points at the file and line', async () => {
    world.git(world.dev, 'checkout', '-q', '-b', 'feat/copy-of-ingestion', 'main');
    const duplicate = ['resources:', '  jobs:', '    ingestion_copy:', '      name: Daily Sales Ingestion', '      tasks:', '        - task_key: noop', '          notebook_task:', '            notebook_path: ../src/notebooks/ingest_sales.py', ''].join('\n');
    writeFileSync(path.join(world.dev, 'resources', 'ingestion_copy.yml'), duplicate);
    world.git(world.dev, 'add', '-A');
    world.git(world.dev, 'commit', '-q', '-m', 'feat: a copy of the ingestion job');
    const pull = world.openPull('feat/copy-of-ingestion', 'feat: a copy of the ingestion job');
    const run = await world.act('lint-duplicate-job', { workflow: 'lint.yml', event: 'pull_request', payload: world.pullRequestEvent(pull), sha: pull.mergeSha });
    expect(run.code).not.toBe(0);
    expect(run.log).toMatch(/❌ {2}Failure - Main dataops validate/);
    const upload = world.github.repo.sarifUploads.find((u) => u.commitSha === pull.mergeSha);
    const results = (upload?.sarif as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> }).runs[0]?.results ?? [];
    const where = results.flatMap((r) => r.locations.map((l) => `${r.ruleId} ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`));
    expect(where.some((w) => w.includes('resources/ingestion_copy.yml:4')), where.join('\n')).toBe(true);
  });
});
