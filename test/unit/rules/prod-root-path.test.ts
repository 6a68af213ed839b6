import { describe, expect, it } from 'vitest';
import { prodRootPath } from '../../../src/core/rules/prod-root-path.js';
import { check } from '../../helpers/rule-context.js';

const workspace = (root_path: string) => ({ root_path });

describe('prod-root-path', () => {
  it('reports a production target that leaves the root path to the default, at its mode', async () => {
    const problems = await check(prodRootPath, {
      target: 'prod',
      config: { bundle: { mode: 'production' }, workspace: workspace('/Workspace/Users/ci@example.com/.bundle/b/prod') },
      sources: { 'databricks.yml': 'bundle:\n  name: b\ntargets:\n  prod:\n    mode: production\n' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('has no explicit workspace.root_path');
    expect(problems[0]?.location).toEqual({ file: 'databricks.yml', line: 5, column: 11 });
    // The advice is the principal's folder; a shared one only with permissions, as the CLI would otherwise warn.
    expect(problems[0]?.hint).toContain("the run_as service principal's folder, /Workspace/Users/<application id>/.bundle/${bundle.name}/${bundle.target}");
    expect(problems[0]?.hint).toContain('without them the Databricks CLI warns that every workspace user can write there');
  });

  it('reports an explicit root path under /Users/, where it was written', async () => {
    const problems = await check(prodRootPath, {
      target: 'prod',
      config: { bundle: { mode: 'production' }, workspace: workspace('/Users/alice@example.com/prod') },
      sources: {
        'databricks.yml': 'targets:\n  prod:\n    mode: production\n    workspace:\n      root_path: /Users/alice@example.com/prod\n',
      },
    });
    expect(problems.map((p) => [p.message, p.location?.line])).toEqual([
      ['production target prod deploys to a personal folder (/Users/alice@example.com/prod)', 5],
    ]);
  });

  it('accepts a shared root path set at the top level, and ignores other modes', async () => {
    const sources = { 'databricks.yml': 'workspace:\n  root_path: /Workspace/Shared/.bundle/b/${bundle.target}\n' };
    const shared = workspace('/Workspace/Shared/.bundle/b/prod');
    expect(await check(prodRootPath, { target: 'prod', config: { bundle: { mode: 'production' }, workspace: shared }, sources })).toEqual([]);
    expect(await check(prodRootPath, { target: 'dev', config: { workspace: workspace('/Users/x') }, sources: {} })).toEqual([]);
  });

  it("accepts the home folder of the service principal production runs as, but not another user's", async () => {
    const sp = '6f1b2c3d-0000-4000-8000-000000000001';
    const sources = { 'databricks.yml': `targets:\n  prod:\n    mode: production\n    workspace:\n      root_path: /Workspace/Users/${sp}/.bundle/b/prod\n` };
    const config = (root: string) => ({ bundle: { mode: 'production' }, run_as: { service_principal_name: sp }, workspace: workspace(root) });
    expect(await check(prodRootPath, { target: 'prod', config: config(`/Workspace/Users/${sp}/.bundle/b/prod`), sources })).toEqual([]);
    const other = await check(prodRootPath, { target: 'prod', config: config('/Workspace/Users/alice@example.com/.bundle/b/prod'), sources });
    expect(other.map((p) => p.message)).toEqual(['production target prod deploys to a personal folder (/Workspace/Users/alice@example.com/.bundle/b/prod)']);
  });
});
