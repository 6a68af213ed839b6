/**
 * The guard fails closed for every way a target can be production (`mode: production`, or
 * listed under `production.targets` in dataops.yml), whatever kind of outage hides the
 * workspace: dataops local failing every call, a server answering 500, nothing listening.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataopsAsync } from '../../helpers/binary.js';
import { startWorkspace, type Workspace } from './harness.js';

/** A bundle whose `live` target is production only through dataops.yml, beside the fixture's `mode: production` prod. */
function productionBundles(w: Workspace, name: string): string {
  // Both run as a service principal, so that validate passes and the guard is what stops the deploy.
  const runAs = `    run_as:\n      service_principal_name: ${PRINCIPAL}\n`;
  const live = `  live:\n    workspace:\n      root_path: /Workspace/Shared/.bundle/\${bundle.name}/\${bundle.target}\n${runAs}`;
  const dir = w.bundle(name, (yaml) => `${yaml}${runAs}${live}`);
  writeFileSync(`${dir}/dataops.yml`, 'production:\n  targets: [live]\n');
  return dir;
}

const PRODUCTION_TARGETS = ['prod', 'live'];
const PRINCIPAL = '6f1c1d2e-0000-4000-8000-1234567890ab';

describe('the guard fails closed on production, however the target is production', { timeout: 300_000 }, () => {
  let w: Workspace;
  let failing: http.Server;
  let failingHost = '';
  let downHost = '';
  beforeAll(async () => {
    w = startWorkspace({ failRate: 1 });
    // Every call answers 500 (with Retry-After: 0, so the retries do not slow the test down).
    failing = http.createServer((_req, res) => res.writeHead(500, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"error_code":"INTERNAL_ERROR","message":"boom"}'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingHost = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    downHost = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(async () => {
    w?.close();
    if (failing) await new Promise((resolve) => failing.close(resolve));
  });

  const outages = (): Array<[string, NodeJS.ProcessEnv]> => [
    ['dataops local --fail-rate 1', w.env],
    ['a workspace answering 500', { ...w.env, DATABRICKS_HOST: failingHost }],
    ['a workspace that is down', { ...w.env, DATABRICKS_HOST: downHost }],
  ];

  it('exits 3 from dataops guard and stops dataops deploy at the guard, for mode: production and for dataops.yml production.targets', async () => {
    // A bundle per outage: deploys of one target in one directory would wait for each other's lock.
    const cases = outages().flatMap(([outage, env], i) => {
      const dir = productionBundles(w, `outage-${i}`);
      return PRODUCTION_TARGETS.map((target) => ({ outage, env, target, dir }));
    });
    const results = await Promise.all(
      cases.map(async ({ outage, env, target, dir }) => ({
        name: `${target} with ${outage}`,
        guard: await dataopsAsync(['guard', '-t', target, '--json'], { cwd: dir, env }),
        deploy: await dataopsAsync(['deploy', target, '--yes'], { cwd: dir, env: { ...env, CI: 'true' } }),
      })),
    );
    for (const { name, guard, deploy } of results) {
      expect([name, guard.code], guard.stderr).toEqual([name, 3]);
      expect(guard.stderr, name).toMatch(/is a production target and the workspace could not be checked/);
      expect(guard.stderr, name).not.toMatch(/going on without the guard/);
      expect([name, deploy.code], deploy.stderr).toEqual([name, 3]);
      expect(deploy.stderr, name).toMatch(/preflight: guard/);
      expect(deploy.stderr, name).not.toMatch(/Deployment complete|going on without the guard/);
    }
  });

  it('only warns for a staging target in the same outage', async () => {
    const dir = productionBundles(w, 'staging');
    const staging = await dataopsAsync(['guard', '-t', 'staging', '--json'], { cwd: dir, env: w.env });
    expect(staging.code, staging.stderr).toBe(0);
    expect(staging.stderr).toMatch(/warning: the workspace could not be checked; going on without the guard/);
  });
});
