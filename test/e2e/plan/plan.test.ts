import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanReport, PlannedResource } from '../../../src/core/plan/report.js';
import { FakeGitHub } from '../../fakes/github/server.js';
import { writeEvent } from '../../fakes/github/scenario.js';
import type { FakePull } from '../../fakes/github/model.js';
import { DeployHarness } from '../deploy/harness.js';

/**
 * `dataops plan` and `dataops deploy --plan` through the built binary, the real Databricks CLI
 * and `dataops local`, with the pull request on the fake GitHub. One production target is
 * planned and deployed twice (the first deploy, then every kind of change at once), so the
 * whole story costs two CLI deploys.
 */
describe('dataops plan and deploy --plan (real Databricks CLI, dataops local, fake GitHub)', () => {
  const h = new DeployHarness('plan-project');
  const github = new FakeGitHub();
  let pull: FakePull;
  let prod: NodeJS.ProcessEnv = {};
  const summary = (): string => path.join(h.work, 'summary.md');

  beforeAll(async () => {
    h.start();
    await github.start();
    github.token('ghs_workflow_token');
    github.repo.permissions.set('dana', 'write');
    github.repo.permissions.set('mallory', 'read');
    github.repo.commitFiles('main', 'initial', { 'databricks.yml': 'bundle: {}\n' });
    pull = github.repo.openPull({ title: 'feat: reshape the pipeline', branch: 'feature/reshape', files: { 'databricks.yml': 'bundle:\n  name: plan_fixture\n' } });
    // The suite of the run that plans it: what dates the head's push.
    github.repo.checkSuiteOf(pull.headSha);
    writeFileSync(summary(), '');
    prod = {
      ...h.servicePrincipal,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: github.apiUrl,
      GITHUB_TOKEN: 'ghs_workflow_token',
      GITHUB_REPOSITORY: github.repo.fullName,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: writeEvent({ pull_request: { number: pull.number, head: { repo: { full_name: github.repo.fullName } } } }),
      GITHUB_STEP_SUMMARY: summary(),
    };
  }, 120_000);
  afterAll(async () => {
    await github.stop();
    h.stop();
  });

  const plan = async (...args: string[]): Promise<{ code: number; report: PlanReport & { approval_label: { approved: boolean; detail: string } | null }; stderr: string }> => {
    const result = await h.run(['plan', '-t', 'prod', '--json', ...args], prod);
    expect(result.stdout, result.stderr).not.toBe('');
    return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
  };
  const byKey = (report: PlanReport): Record<string, PlannedResource> => Object.fromEntries(report.resources.map((r) => [r.key, r]));
  const planComments = (): string[] => github.repo.comments.filter((c) => c.issueNumber === pull.number && c.body.includes('<!-- dataops-plan:prod -->')).map((c) => c.body);
  const jobNames = async (): Promise<string[]> => {
    const ws = await h.workspace(prod);
    const names: string[] = [];
    for await (const job of ws.jobs.list()) names.push(job.settings?.name ?? '');
    return names.sort();
  };

  it('plans a first deploy as all creates, comments it once, and deploy --plan applies exactly it', { timeout: 240_000 }, async () => {
    const first = await plan('--comment', '--out', 'first.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.report.resources.map((r) => [r.key, r.action])).toEqual([
      ['jobs.legacy', 'create'],
      ['jobs.orders', 'create'],
      ['jobs.report', 'create'],
      ['pipelines.ingest', 'create'],
    ]);
    expect(first.report.resources.every((r) => r.guard?.verdict === 'new' && !r.needsApproval)).toBe(true);
    expect(planComments()).toHaveLength(1);
    expect(planComments()[0]).toContain('**4 to create**');
    expect(readFileSync(summary(), 'utf8')).toContain('### dataops plan: `prod` (production)');

    const deploy = await h.run(['deploy', 'prod', '--plan', 'first.json'], prod);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stderr).toMatch(/preflight: reviewed plan: of prod at [0-9a-f]{12}, state serial 0: 4 create/);
    expect(deploy.stderr).toContain('databricks bundle deploy -t prod --plan');
    expect(await jobNames()).toEqual(['legacy_export', 'orders', 'weekly_report']);

    const again = await plan('--comment');
    expect(again.code, again.stderr).toBe(0);
    expect(again.report.summary).toMatchObject({ create: 0, update: 0, delete: 0, recreate: 0, unchanged: 4 });
    expect(planComments()).toEqual([expect.stringContaining('**No changes.**')]);
  });

  it('shows updates, renames, deletes, recreates, workspace drift and guard conflicts, and gates production on approval', { timeout: 300_000 }, async () => {
    const yaml = readFileSync(path.join(h.project, 'resources', 'jobs.yml'), 'utf8');
    const withoutLegacy = yaml.slice(0, yaml.indexOf('    legacy:')) + yaml.slice(yaml.indexOf('    report:'));
    h.file('resources/jobs.yml', withoutLegacy.replace('max_concurrent_runs: 1', 'max_concurrent_runs: 3').replace('name: weekly_report', 'name: weekly_report_v2') + AUDIT_JOB);
    h.file('resources/pipelines.yml', readFileSync(path.join(h.project, 'resources', 'pipelines.yml'), 'utf8').replace('pipeline_storage_v1', 'pipeline_storage_v2'));
    h.git('commit', '-qam', 'feat: reshape');

    // Someone edits the deployed job in the UI, and someone else makes a job by hand under the new job's name.
    const ws = await h.workspace(prod);
    const state = JSON.parse(readFileSync(path.join(h.project, '.databricks', 'bundle', 'prod', 'resources.json'), 'utf8')) as { state: Record<string, { __id__: string }> };
    const ordersId = Number(state.state['resources.jobs.orders']?.__id__);
    const deployed = await ws.jobs.get(ordersId);
    await ws.jobs.reset(ordersId, { ...deployed.settings, description: 'edited by hand', max_concurrent_runs: 5 });
    const handMade = await ws.jobs.create({ name: 'audit', tasks: [{ task_key: 'a', spark_python_task: { python_file: '/Workspace/x.py' } }] });

    const full = await plan('--comment');
    expect(full.code).toBe(1);
    const r = byKey(full.report);
    expect(Object.fromEntries(full.report.resources.map((x) => [x.key, x.action]))).toEqual({
      'jobs.legacy': 'delete',
      'pipelines.ingest': 'recreate',
      'jobs.report': 'rename',
      'jobs.orders': 'update',
      'jobs.audit': 'create',
    });
    expect(r['jobs.orders']?.changes).toEqual(
      expect.arrayContaining([
        { path: 'max_concurrent_runs', old: '1', new: '3', forcesRecreate: false, overwrites: '5' },
        { path: 'description', old: '(none)', new: '(none)', forcesRecreate: false, overwrites: '"edited by hand"' },
      ]),
    );
    expect(r['jobs.orders']?.flags.map((f) => f.kind)).toEqual(['drift', 'production']);
    expect(r['pipelines.ingest']?.changes).toEqual([{ path: 'storage', old: '"/Volumes/main/sales/pipeline_storage_v1"', new: '"/Volumes/main/sales/pipeline_storage_v2"', forcesRecreate: true }]);
    expect(r['pipelines.ingest']?.flags[0]?.text).toMatch(/because storage cannot change in place; it loses its event log/);
    expect(r['jobs.report']?.changes).toEqual([{ path: 'name', old: '"weekly_report"', new: '"weekly_report_v2"', forcesRecreate: false }]);
    expect(r['jobs.legacy']?.flags[0]).toEqual({ kind: 'delete', text: expect.stringContaining('loses its run history and its id') });
    expect(r['jobs.audit']?.guard?.verdict).toBe('conflict');
    expect(full.report.resources.filter((x) => x.needsApproval).map((x) => [x.key, x.approved])).toEqual([
      ['jobs.legacy', false],
      ['pipelines.ingest', false],
    ]);
    const comment = planComments();
    expect(comment).toHaveLength(1);
    expect(comment[0]).toContain('| 🗑️ | `jobs.legacy` | delete |');
    expect(comment[0]).toContain('⛔ needs approval');
    expect(comment[0]).toContain('storage: "/Volumes/main/sales/pipeline_storage_v1" → "/Volumes/main/sales/pipeline_storage_v2" (forces recreate)');

    // The text a person reads in a terminal says the same, grouped by action.
    const text = await h.run(['plan', '-t', 'prod'], prod);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Delete \(1\)\n {2}- jobs\.legacy \(id \d+\) \[needs approval\]/);
    expect(text.stdout).toContain('description: "edited by hand" set in the workspace → (none) as deployed');
    expect(text.stderr).toContain('--approve jobs.legacy --approve pipelines.ingest');

    await ws.jobs.delete(handMade.job_id);
    github.repo.addLabel(pull, 'dataops:approve-plan', 'mallory');
    const byReader = await plan();
    expect(byReader.code).toBe(1);
    expect(byReader.report.approval_label?.detail).toBe('dataops:approve-plan was applied by @mallory, who may not release (write, maintain or admin): not counted');

    const onTheCommandLine = await plan('--approve', 'jobs.legacy', '--approve', 'ingest', '--approve', 'jobs.orderz', '--out', 'stale.json');
    expect(onTheCommandLine.code, onTheCommandLine.stderr).toBe(0);
    expect(onTheCommandLine.stderr).toContain('--approve jobs.orderz: no action of this plan that needs approval is of jobs.orderz');
    expect(onTheCommandLine.report.summary.awaitingApproval).toBe(0);

    pull.labels = [];
    github.repo.addLabel(pull, 'dataops:approve-plan', 'dana');
    const byLabel = await plan('--out', 'fresh.json');
    expect(byLabel.code, byLabel.stderr).toBe(0);
    expect(byLabel.report.approval_label?.detail).toMatch(/^approved by @dana \(write\) with the label dataops:approve-plan/);

    // A push after the approval does not carry it, though its commit is dated before the label.
    const approvedAt = github.repo.labelEvents.at(-1)?.createdAt ?? '';
    const approvedHead = pull.headSha;
    pull.headSha = github.repo.commitFiles(pull.headRef, 'fix: after the approval', { 'late.py': 'x = 1\n' }, undefined, new Date(Date.parse(approvedAt) - 3_600_000).toISOString()).sha;
    github.repo.checkSuiteOf(pull.headSha);
    const afterPush = await plan();
    expect(afterPush.code).toBe(1);
    expect(afterPush.report.approval_label?.detail).toMatch(/^dataops:approve-plan was applied at \S+, before the head [0-9a-f]{12} was pushed \(\S+, its first check suite\)/);
    pull.headSha = approvedHead;

    const wrongTarget = await h.run(['deploy', 'staging', '--plan', 'fresh.json', '--yes'], prod);
    expect(wrongTarget.code).toBe(1);
    expect(wrongTarget.stderr).toContain('refusing the plan: the plan is of target prod, not staging');

    const applied = await h.run(['deploy', 'prod', '--plan', 'fresh.json'], prod);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await jobNames()).toEqual(['audit', 'orders', 'weekly_report_v2']);
    const after = await plan();
    expect(after.report.summary).toMatchObject({ unchanged: 4, drifted: 0 });
    expect(r['pipelines.ingest']?.id).toMatch(/\S/);
    expect(byKey(after.report)['pipelines.ingest']?.id).not.toBe(r['pipelines.ingest']?.id);

    const stale = await h.run(['deploy', 'prod', '--plan', 'stale.json'], prod);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/refusing the plan: the plan is stale: it was made against deployment state serial \d+, and the state is now at serial \d+/);

    h.file('README.md', 'a later commit\n');
    h.git('add', '-A');
    h.git('commit', '-qm', 'docs: later');
    const otherCommit = await h.run(['deploy', 'prod', '--plan', 'fresh.json'], prod);
    expect(otherCommit.code).toBe(1);
    expect(otherCommit.stderr).toMatch(/refusing the plan: the plan was made at commit [0-9a-f]{40}, the checkout is at [0-9a-f]{40}/);
    expect(github.failures).toEqual([]);
  });

  it('plans a sandbox under the namespace dataops deploy would give it', { timeout: 60_000 }, async () => {
    const namespace = (await h.run(['sandbox', 'namespace'])).stdout.trim();
    expect(namespace).toMatch(/^developer_main_[0-9a-f]{10}$/);
    const result = await h.run(['plan', '-t', 'sandbox', '--json', '--out', 'sandbox.json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    const name = `[dev developer ${namespace}] orders`;
    expect(byKey(report)['jobs.orders']).toMatchObject({ action: 'create', guard: { verdict: 'new', summary: `no job is named "${name}": the deploy creates it` } });
    // The CLI itself planned that name: it got the namespace deploy passes.
    const planned = JSON.parse(readFileSync(path.join(h.project, 'sandbox.json'), 'utf8')) as { cli_plan: { plan: Record<string, { new_state?: { value?: { name?: string } } }> } };
    expect(planned.cli_plan.plan['resources.jobs.orders']?.new_state?.value?.name).toBe(name);
  });

  it('says plainly on a fork\'s pull request that the plan was skipped, in the comment the plan would use', { timeout: 60_000 }, async () => {
    const fork = github.repo.openPull({ title: 'fix: from a fork', branch: 'fork/fix', headRepo: 'stranger/sales-bundle', files: { 'README.md': 'hi\n' } });
    const env = { ...prod, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: writeEvent({ pull_request: { number: fork.number, head: { repo: { full_name: 'stranger/sales-bundle' } } } }) };
    const reason = 'pull requests from forks get no Databricks credentials';
    for (let i = 0; i < 2; i++) {
      const result = await h.run(['plan', '-t', 'prod', '--comment', '--skipped', reason], env);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(github.repo.comments.filter((c) => c.issueNumber === fork.number).map((c) => c.body)).toEqual([
      `<!-- dataops-plan:prod -->\n### dataops plan: \`prod\`\n\n**The plan was skipped:** ${reason}`,
    ]);
  });

  it('summarises the comment of a 500-resource plan under GitHub\'s limit, at a row boundary', { timeout: 240_000 }, async () => {
    const big = path.join(h.work, 'big');
    mkdirSync(path.join(big, 'resources'), { recursive: true });
    writeFileSync(path.join(big, 'databricks.yml'), 'bundle:\n  name: big_plan\ninclude:\n  - resources/*.yml\ntargets:\n  staging:\n    workspace:\n      root_path: /Workspace/Shared/.bundle/big_plan/staging\n');
    const keys = Array.from({ length: 500 }, (_, i) => `orders_daily_aggregation_for_region_europe_west_partition_${String(i).padStart(4, '0')}_with_a_descriptive_suffix_for_the_finance_team`);
    writeFileSync(path.join(big, 'resources', 'jobs.yml'), ['resources:', '  jobs:', ...keys.flatMap((k) => [`    ${k}:`, `      name: ${k}`, '      tasks:', '        - task_key: t', '          notebook_task:', '            notebook_path: /Workspace/Shared/nb'])].join('\n') + '\n');
    const other = github.repo.openPull({ title: 'feat: many jobs', branch: 'feature/many', files: { 'databricks.yml': 'bundle:\n  name: big_plan\n' } });
    const env = { ...prod, GITHUB_EVENT_PATH: writeEvent({ pull_request: { number: other.number, head: { repo: { full_name: github.repo.fullName } } } }) };

    const result = await h.run(['plan', '-t', 'staging', '--comment', '--cwd', big], env);
    expect(result.code, result.stderr).toBe(0);
    const comments = github.repo.comments.filter((c) => c.issueNumber === other.number);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith('<!-- dataops-plan:staging -->')).toBe(true);
    expect(body).toContain('**500 to create**');
    const rows = body.split('\n').filter((line) => line.startsWith('| ➕ |'));
    expect(rows.every((line) => line.endsWith(' |'))).toBe(true);
    const more = /… and (\d+) more changed resources not listed here \((\d+) create\)\. The whole plan is in the step summary of this run\./.exec(body);
    expect(more, body.slice(-400)).not.toBeNull();
    expect(rows.length + Number(more?.[1])).toBe(500);
    expect(rows.length).toBeGreaterThan(100);
  });
});

const AUDIT_JOB = `    audit:
      name: audit
      tasks:
        - task_key: audit
          spark_python_task:
            python_file: ../src/count_orders.py
          environment_key: default
      environments:
        - environment_key: default
          spec:
            client: "2"
`;
