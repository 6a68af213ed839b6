import { describe, expect, it } from 'vitest';
import { judgeLabel, type LabelFacts } from '../../../src/core/plan/approval.js';
import { parseCliPlan, type CliPlan } from '../../../src/core/plan/cli-plan.js';
import { checkPlanFits, type PlanFile } from '../../../src/core/plan/plan-file.js';
import { renderPlanMarkdown } from '../../../src/core/plan/render.js';
import { buildPlanReport, planExitCode, type PlanInput } from '../../../src/core/plan/report.js';
import { gatedIn, planSettings } from '../../../src/core/plan/settings.js';
import { HIDDEN, showValue } from '../../../src/core/plan/values.js';

const plan = (entries: object): CliPlan => {
  const parsed = parseCliPlan(JSON.stringify({ plan_version: 2, cli_version: '1.12.1', lineage: 'l-1', serial: 3, plan: entries }));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.plan;
};
const input = (entries: object, extra: Partial<PlanInput> = {}): PlanInput => ({ target: 'prod', production: true, plan: plan(entries), guard: undefined, gated: new Set(['delete', 'recreate']), approved: new Set(), ...extra });

describe('reading the CLI plan', () => {
  it('refuses a terraform plan and an unknown version or action in words a user can act on', () => {
    expect(parseCliPlan('{"plan":{}}')).toEqual({ ok: false, problem: expect.stringContaining('terraform engine') });
    expect(parseCliPlan('{"plan_version":9,"plan":{}}')).toEqual({ ok: false, problem: 'plan_version 9 is not one this dataops reads (2)' });
    expect(parseCliPlan('{"plan_version":2,"plan":{"resources.jobs.a":{"action":"explode"}}}')).toEqual({ ok: false, problem: 'plan entry resources.jobs.a has an unknown action "explode"' });
    expect(parseCliPlan('not json')).toEqual({ ok: false, problem: 'the output is not JSON' });
  });
});

describe('the per-resource join', () => {
  it('takes renames from update_id and name updates, permission children and run_as changes as flags', () => {
    const report = buildPlanReport(
      input({
        'resources.schemas.raw': { action: 'update_id', changes: { name: { action: 'update_id', old: 'raw', new: 'raw_v2' } } },
        'resources.jobs.etl': { action: 'skip', remote_state: { job_id: 42 } },
        'resources.jobs.etl.permissions': { action: 'update', changes: { '[0].level': { action: 'update', old: 'CAN_VIEW', new: 'CAN_MANAGE' } } },
        'resources.jobs.nightly': { action: 'update', changes: { 'run_as.service_principal_name': { action: 'update', old: 'a', new: 'b', remote: 'a' } } },
      }),
    );
    const by = Object.fromEntries(report.resources.map((r) => [r.key, r]));
    expect(by['schemas.raw']?.action).toBe('rename');
    expect(by['jobs.etl']).toMatchObject({ action: 'update', id: '42', changes: [{ path: 'permissions[0].level', old: '"CAN_VIEW"', new: '"CAN_MANAGE"' }] });
    expect(by['jobs.etl']?.flags.map((f) => f.kind)).toEqual(['permissions', 'production']);
    expect(by['jobs.nightly']?.flags.map((f) => f.kind)).toEqual(['run_as', 'production']);
    expect(by['jobs.nightly']?.changes[0]?.overwrites).toBeUndefined();
  });

  it('gates deletes and recreates in production until approved by key, and says nothing changes when nothing does', () => {
    const entries = { 'resources.jobs.old': { action: 'delete' }, 'resources.pipelines.p': { action: 'recreate', changes: { storage: { action: 'recreate', old: '/a', new: '/b' } } } };
    const waiting = buildPlanReport(input(entries));
    expect(planExitCode(waiting)).toBe(1);
    expect(waiting.summary.awaitingApproval).toBe(2);
    const approved = buildPlanReport(input(entries, { approved: new Set(['old', 'pipelines.p']) }));
    expect(planExitCode(approved)).toBe(0);
    expect(approved.resources.every((r) => r.approved)).toBe(true);
    const quiet = buildPlanReport(input({ 'resources.jobs.a': { action: 'skip' } }));
    expect(renderPlanMarkdown(quiet, { budget: 65_536 })).toContain('**No changes.** The deploy would leave all 1 resources of `prod` as they are.');
  });
});

describe('a key renamed in the YAML', () => {
  it('pairs the delete of the old key with the create of the new one under the same name', () => {
    const report = buildPlanReport(
      input({
        'resources.jobs.old_key': { action: 'delete', remote_state: { job_id: 7, name: 'orders' } },
        'resources.jobs.new_key': { action: 'create', new_state: { value: { name: 'orders' } } },
        'resources.jobs.other': { action: 'create', new_state: { value: { name: 'other' } } },
      }),
    );
    const flags = Object.fromEntries(report.resources.map((r) => [r.key, r.flags.filter((f) => f.kind === 'rename').map((f) => f.text)]));
    expect(flags).toEqual({
      'jobs.old_key': ['its key was renamed to jobs.new_key: the CLI deletes it and creates jobs.new_key under the same name'],
      'jobs.new_key': ["the key jobs.old_key renamed: created anew under the same name, without jobs.old_key's history or id"],
      'jobs.other': [],
    });
  });
});

describe('values a reviewer sees', () => {
  it('hides secrets by field and by shape, shows secret references, summarises long values', () => {
    expect(showValue('spark_env_vars.API_TOKEN', 'abc123')).toBe(HIDDEN);
    expect(showValue('parameters[0].default', 'dapi0123456789abcdef0123')).toBe(HIDDEN);
    expect(showValue('spark_conf', { 'fs.azure.account.key': 'x', password: 'p' })).toBe(HIDDEN);
    expect(showValue('spark_env_vars.API_TOKEN', '{{secrets/etl/token}}')).toBe('"{{secrets/etl/token}}"');
    expect(showValue('serialized_dashboard', 'x'.repeat(5000))).toMatch(/^\(5000 characters, fingerprint [0-9a-f]{8}\)$/);
    expect(showValue('max_concurrent_runs', 3)).toBe('3');
  });
});

describe('the comment budget', () => {
  it('stops at a row boundary and says what it left out', () => {
    const entries = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`resources.jobs.job_${i}`, { action: 'update', changes: { description: { action: 'update', old: 'a'.repeat(60), new: 'b'.repeat(60) } } }]));
    const text = renderPlanMarkdown(buildPlanReport(input(entries, { production: false, gated: new Set() })), { budget: 20_000, marker: '<!-- m -->', elsewhere: 'See the summary.' });
    expect(text.length).toBeLessThanOrEqual(20_000);
    const rows = text.split('\n').filter((l) => l.startsWith('| 🔧 |'));
    expect(rows.every((l) => l.endsWith(' |'))).toBe(true);
    expect(text).toContain(`… and ${300 - rows.length} more changed resources not listed here (${300 - rows.length} update). See the summary.`);
    expect(text.trimEnd().endsWith('</details>')).toBe(true);
  });
});

describe('policy and approvals', () => {
  it('defaults production to delete and recreate, and reads per-target settings', () => {
    expect([...gatedIn(planSettings({}), 'prod', 'production')]).toEqual(['delete', 'recreate']);
    expect([...gatedIn(planSettings({}), 'staging', 'staging')]).toEqual([]);
    expect([...gatedIn(planSettings({ plan: { require_approval: { prod: [], staging: ['delete'] } } }), 'prod', 'production')]).toEqual([]);
    expect([...gatedIn(planSettings({ plan: { require_approval: { staging: ['delete'] } } }), 'staging', 'staging')]).toEqual(['delete']);
  });

  it('counts a label only from someone who may release, applied after the head was pushed', async () => {
    const facts = (actor: string, at: string): LabelFacts => ({
      label: 'ok',
      pull: 7,
      labels: ['ok'],
      events: [{ event: 'labeled', label: 'ok', actor, createdAt: at }],
      headPushedAt: '2026-02-01T10:00:00Z',
      headSha: 'a'.repeat(40),
      permissionOf: async (login) => (login === 'dana' ? { permission: 'write', role: 'write' } : { permission: 'read', role: 'triage' }),
    });
    expect(await judgeLabel(facts('dana', '2026-02-01T11:00:00Z'))).toEqual({ approved: true, detail: 'approved by @dana (write) with the label ok at 2026-02-01T11:00:00Z' });
    expect((await judgeLabel(facts('eve', '2026-02-01T11:00:00Z'))).approved).toBe(false);
    expect((await judgeLabel(facts('dana', '2026-02-01T09:00:00Z'))).detail).toBe(
      'ok was applied at 2026-02-01T09:00:00Z, before the head aaaaaaaaaaaa was pushed (2026-02-01T10:00:00Z, its first check suite): apply it again after reviewing the new commits',
    );
    const undated = await judgeLabel({ ...facts('dana', '2026-02-01T11:00:00Z'), headPushedAt: null });
    expect(undated.approved).toBe(false);
    expect(undated.detail).toContain('cannot be dated: no check suite');
    expect((await judgeLabel({ ...facts('dana', '2026-02-01T11:00:00Z'), labels: [] })).approved).toBe(false);
  });
});

describe('a plan file against the deploy', () => {
  const file = (over: Partial<PlanFile> = {}): PlanFile => ({
    dataops_plan: 1,
    target: 'prod',
    commit: 'c1',
    state: { lineage: '', serial: 0 },
    report: buildPlanReport(input({ 'resources.jobs.a': { action: 'create' } })),
    cli_plan: {},
    ...over,
  });
  it('refuses another target, another commit and a state that moved, and accepts the plan it was made for', () => {
    expect(checkPlanFits(file(), { target: 'prod', commit: 'c1', serial: 0 })).toEqual({ ok: true });
    expect(checkPlanFits(file(), { target: 'staging', commit: 'c1', serial: 0 })).toMatchObject({ ok: false, problem: 'the plan is of target prod, not staging' });
    expect(checkPlanFits(file(), { target: 'prod', commit: 'c2', serial: 0 })).toMatchObject({ ok: false, problem: 'the plan was made at commit c1, the checkout is at c2' });
    expect(checkPlanFits(file(), { target: 'prod', commit: 'c1', serial: 1 })).toMatchObject({ ok: false, problem: expect.stringContaining('the plan is stale') });
  });
});
