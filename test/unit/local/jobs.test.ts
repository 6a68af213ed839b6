import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { WorkspaceApiError } from '../../../src/adapters/workspace/transport.js';
import { startHarness, TestClock, type Harness } from './harness.js';

const clock = new TestClock();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(() => h.close());

describe('jobs 2.2 on the local workspace, through the workspace client', () => {
  it('creates, gets, resets and deletes a job, keeping the bundle deployment block and edit mode', async () => {
    const ws = h.client();
    const settings = {
      name: 'nightly',
      tasks: [{ task_key: 'main', notebook_task: { notebook_path: '/Shared/nb' } }],
      deployment: { kind: 'BUNDLE', metadata_file_path: '/Workspace/Users/x/.bundle/state/metadata.json' },
      edit_mode: 'UI_LOCKED' as const,
    };
    const { job_id } = await ws.jobs.create(settings);
    const job = await ws.jobs.get(job_id);
    expect(job.settings).toMatchObject(settings);
    expect(job.creator_user_name).toBe('developer@dataops.local');
    expect(job.created_time).toBe(clock.ms);

    await ws.jobs.reset(job_id, { ...settings, name: 'nightly-v2' });
    const reset = await ws.jobs.get(job_id);
    expect(reset.settings.name).toBe('nightly-v2');
    expect(reset.settings.deployment).toEqual(settings.deployment);
    expect(reset.created_time).toBe(job.created_time);

    await ws.jobs.delete(job_id);
    const missing = await ws.jobs.get(job_id).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(WorkspaceApiError);
    expect((missing as WorkspaceApiError).status).toBe(404);
    expect((missing as WorkspaceApiError).message).toContain(`GET /api/2.2/jobs/get failed: HTTP 404 RESOURCE_DOES_NOT_EXIST: Job ${job_id} does not exist.`);
    expect((missing as WorkspaceApiError).exitCode).toBe(3);
  });

  it('lists by exact name without regard to case, pages with page_token, and refuses a limit above 100', async () => {
    const ws = h.client();
    for (let i = 0; i < 105; i++) await ws.jobs.create({ name: `bulk-${i}` });
    await ws.jobs.create({ name: 'Daily Sales' });
    await ws.jobs.create({ name: 'daily sales copy' });

    const byName = await collect(ws.jobs.list({ name: 'DAILY SALES' }));
    expect(byName.map((job) => job.settings.name)).toEqual(['Daily Sales']);

    const first = await ws.jobs.listPage({ limit: 100 });
    expect(first.jobs).toHaveLength(100);
    expect(first.has_more).toBe(true);
    const second = await ws.jobs.listPage({ limit: 100, pageToken: first.next_page_token });
    expect(second.has_more).toBe(false);
    const all = await collect(ws.jobs.list());
    expect(all.filter((job) => job.settings.name?.startsWith('bulk-'))).toHaveLength(105);
    expect(new Set(all.map((job) => job.job_id)).size).toBe(all.length);

    const refused = await ws.jobs.listPage({ limit: 101 }).catch((error: unknown) => error as WorkspaceApiError);
    expect(refused).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  it('runs a job without code to a SUCCESS result, each task with its own run id, and lists it', async () => {
    const ws = h.client();
    const { job_id } = await ws.jobs.create({ name: 'runner', tasks: [{ task_key: 'a' }, { task_key: 'b' }] });
    const { run_id } = await ws.jobs.runNow({ job_id, job_parameters: { day: '2026-01-01' } });
    let done = await ws.jobs.getRun(run_id);
    while (done.state.life_cycle_state !== 'TERMINATED') done = await ws.jobs.getRun(run_id);
    expect(done.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' });
    expect(done.tasks.map((task) => [task.task_key, task.state.result_state])).toEqual([
      ['a', 'SUCCESS'],
      ['b', 'SUCCESS'],
    ]);
    expect(done.job_parameters).toEqual([{ name: 'day', value: '2026-01-01' }]);
    const output = await ws.jobs.getRunOutput(done.tasks[0]?.run_id ?? 0);
    expect(output.metadata).toMatchObject({ job_id, task_key: 'a' });
    expect(output.logs).toBe('a has no code to run\n');
    const refused = await ws.jobs.getRunOutput(run_id).catch((error: unknown) => error as WorkspaceApiError);
    expect(refused).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect((await collect(ws.jobs.listRuns({ jobId: job_id }))).map((run) => run.run_id)).toEqual([run_id]);
  });
});
