import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { DeployHarness } from '../deploy/harness.js';

interface Listed {
  user: string;
  branch: string | null;
  namespace: string;
  root_path: string;
  last_deploy: string;
}

/**
 * Sandboxes of several users and branches, deployed with the real Databricks CLI to
 * `dataops local`; gc run centrally as the service principal against a real git remote.
 */
describe('dataops sandbox namespace, list and gc', () => {
  const h = new DeployHarness();
  const namespaces: Record<string, string> = {};

  const deploySandbox = async (branch: string, env: NodeJS.ProcessEnv, push = true): Promise<void> => {
    if (branch === 'detached') h.git('checkout', '-q', '--detach');
    else h.git('checkout', '-q', '-B', branch);
    if (push && branch !== 'detached') h.git('push', '-q', 'origin', branch);
    const deployed = await h.run(['deploy', 'sandbox', '--json'], env);
    expect(deployed.code, deployed.stderr).toBe(0);
    namespaces[`${env === h.developer ? 'dev' : 'sp'}:${branch}`] = (JSON.parse(deployed.stdout) as { namespace: string }).namespace;
  };
  const jobNames = async (): Promise<string[]> => (await collect((await h.workspace()).jobs.list())).map((j) => j.settings?.name ?? '').sort();
  const list = async (): Promise<Listed[]> => {
    const result = await h.run(['sandbox', 'list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Listed[];
  };

  beforeAll(async () => {
    h.start();
    await deploySandbox('feature/live', h.developer);
    await deploySandbox('feature/gone', h.developer);
    await deploySandbox('feature/sp-gone', h.servicePrincipal);
    await deploySandbox('detached', h.developer);
    h.git('checkout', '-q', 'main');
    h.git('push', '-q', 'origin', '--delete', 'feature/gone', 'feature/sp-gone');
  }, 300_000);
  afterAll(() => h.stop());

  it('prints the namespace with its inputs, from DATAOPS_* or GitHub variables when set', async () => {
    const fromEnv = await h.run(['sandbox', 'namespace', '--json'], { ...h.developer, DATAOPS_CURRENT_USER: 'Jane.Doe@example.com', DATAOPS_GIT_BRANCH: 'feature/ünï-🚀' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toEqual({
      namespace: expect.stringMatching(/^jane_doe_feature_uni_[0-9a-f]{10}$/),
      user: 'Jane.Doe@example.com',
      short_name: 'jane_doe',
      branch: 'feature/ünï-🚀',
      source: { user: 'DATAOPS_CURRENT_USER', branch: 'DATAOPS_GIT_BRANCH' },
    });
    const outputs = path.join(mkdtempSync(path.join(os.tmpdir(), 'dataops-gh-')), 'output');
    writeFileSync(outputs, '');
    const pr = await h.run(['sandbox', 'namespace', '--json'], { ...h.developer, GITHUB_HEAD_REF: 'feature/pr-7', GITHUB_REF_NAME: '7/merge', GITHUB_OUTPUT: outputs });
    const prNamespace = (JSON.parse(pr.stdout) as { namespace: string }).namespace;
    expect(JSON.parse(pr.stdout)).toMatchObject({ user: 'developer@dataops.local', branch: 'feature/pr-7', source: { branch: 'GITHUB_HEAD_REF' } });
    expect(readFileSync(outputs, 'utf8')).toBe(`namespace=${prNamespace}\n`);
    expect(namespaces['dev:detached']).toMatch(/^developer_detached_[0-9a-f]{12}_[0-9a-f]{10}$/);
  });

  it('lists every sandbox of the bundle with user, branch, namespace and last deploy', async () => {
    const sandboxes = await list();
    expect(sandboxes.map((s) => [s.user, s.branch, s.namespace])).toEqual(
      [
        ['developer@dataops.local', null, namespaces['dev:detached']],
        ['developer@dataops.local', 'feature/gone', namespaces['dev:feature/gone']],
        ['developer@dataops.local', 'feature/live', namespaces['dev:feature/live']],
        [h.servicePrincipalId, 'feature/sp-gone', namespaces['sp:feature/sp-gone']],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1] ?? '').localeCompare(String(b[1] ?? ''))),
    );
    for (const s of sandboxes) expect(Date.now() - Date.parse(s.last_deploy)).toBeLessThan(3_600_000);
    const text = await h.run(['sandbox', 'list']);
    expect(text.stdout.split('\n')[0]).toMatch(/^USER\s+BRANCH\s+NAMESPACE\s+LAST DEPLOY$/);
  });

  it('proposes the sandboxes of deleted branches in a dry run and removes nothing', async () => {
    const before = await jobNames();
    const result = await h.run(['sandbox', 'gc'], h.servicePrincipal);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`would remove developer@dataops.local ${namespaces['dev:feature/gone']} (branch feature/gone no longer exists on origin)`);
    expect(result.stderr).toContain(`would remove ${h.servicePrincipalId} ${namespaces['sp:feature/sp-gone']}`);
    expect(result.stderr).toContain(`keep developer@dataops.local ${namespaces['dev:feature/live']} (branch feature/live exists on origin)`);
    expect(result.stderr).toContain(`keep developer@dataops.local ${namespaces['dev:detached']} (branch unknown, deployed 0 days ago)`);
    expect(await jobNames()).toEqual(before);
  });

  it('refuses to guess when the remote cannot be read', async () => {
    const result = await h.run(['sandbox', 'gc', '--apply', '--remote', 'nowhere'], h.servicePrincipal);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('git ls-remote --heads nowhere failed');
    expect(await list()).toHaveLength(4);
  });

  it("removes other people's stale sandboxes with --apply, and never a live branch's", { timeout: 120_000 }, async () => {
    const result = await h.run(['sandbox', 'gc', '--apply', '--older-than', '0m', '--json'], h.servicePrincipal);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`deleted job daily_orders`);
    const report = JSON.parse(result.stdout) as { sandboxes: Array<{ namespace: string; action: string; removal: { folderRemoved: boolean } | null }> };
    const actions = Object.fromEntries(report.sandboxes.map((s) => [s.namespace, s.action]));
    expect(actions).toEqual({
      [namespaces['dev:feature/live'] ?? '']: 'keep',
      [namespaces['dev:feature/gone'] ?? '']: 'remove',
      [namespaces['sp:feature/sp-gone'] ?? '']: 'remove',
      [namespaces['dev:detached'] ?? '']: 'remove',
    });
    expect(report.sandboxes.filter((s) => s.action === 'remove').every((s) => s.removal?.folderRemoved)).toBe(true);
    expect(await jobNames()).toEqual([`[dev developer ${namespaces['dev:feature/live']}] daily_orders`]);
    expect((await list()).map((s) => s.branch)).toEqual(['feature/live']);

    // The live sandbox is intact: its owner deploys it again in place.
    h.git('checkout', '-q', 'feature/live');
    const again = await h.run(['deploy', 'sandbox']);
    expect(again.code, again.stderr).toBe(0);
    expect(await jobNames()).toEqual([`[dev developer ${namespaces['dev:feature/live']}] daily_orders`]);
  });
});
