import { describe, expect, it } from 'vitest';
import { missingFailureNotification } from '../../../src/core/rules/missing-failure-notification.js';
import { check } from '../../helpers/rule-context.js';

describe('missing-failure-notification', () => {
  it('reports a production job without email or webhook on failure, at the job', async () => {
    const problems = await check(missingFailureNotification, {
      target: 'prod',
      config: {
        bundle: { mode: 'production' },
        resources: {
          jobs: {
            nightly: { name: 'nightly', email_notifications: { on_success: ['a@example.com'] } },
            mailed: { name: 'mailed', email_notifications: { on_failure: ['team@example.com'] } },
            hooked: { name: 'hooked', webhook_notifications: { on_failure: [{ id: 'teams' }] } },
          },
        },
      },
      locations: { 'resources.jobs.nightly': 'resources/nightly.yml:3:5' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('job nightly notifies nobody when it fails in target prod');
    expect(problems[0]?.location).toEqual({ file: 'resources/nightly.yml', line: 3, column: 5 });
  });

  it('applies to targets without a mode, but not to development targets', async () => {
    const jobs = { resources: { jobs: { nightly: { name: 'nightly' } } } };
    expect(await check(missingFailureNotification, { target: 'staging', config: jobs })).toHaveLength(1);
    expect(await check(missingFailureNotification, { config: { ...jobs, bundle: { mode: 'development' } } })).toEqual([]);
  });
});
