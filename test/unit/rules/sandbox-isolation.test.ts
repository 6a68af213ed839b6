import { describe, expect, it } from 'vitest';
import { sandboxIsolation } from '../../../src/core/rules/sandbox-isolation.js';
import type { JsonObject } from '../../../src/core/bundle/model.js';
import { check } from '../../helpers/rule-context.js';

const user = { userName: 'alice@example.com', short_name: 'alice', domain_friendly_name: 'alice' };
const sources = { 'databricks.yml': 'targets:\n  dev:\n    mode: development\n    default: true\n' };

function dev(rootPath: string, namePrefix?: string, branch: string | null = 'feature/sales-kpi'): JsonObject {
  return {
    bundle: { name: 'sales', mode: 'development', git: branch ? { branch, bundle_root_path: '.' } : { bundle_root_path: '.' } },
    workspace: { current_user: user, root_path: rootPath },
    ...(namePrefix === undefined ? {} : { presets: { name_prefix: namePrefix } }),
  };
}

describe('sandbox-isolation', () => {
  it('reports the defaults, which separate users but not branches', async () => {
    const problems = await check(sandboxIsolation, { config: dev('/Workspace/Users/alice@example.com/.bundle/sales/dev'), sources });
    expect(problems.map((p) => p.message)).toEqual([
      'workspace.root_path of development target dev ("/Workspace/Users/alice@example.com/.bundle/sales/dev") is not unique per branch: sandboxes of different branches overwrite each other',
      'presets.name_prefix of development target dev ("[dev alice] ") is not unique per branch: sandboxes of different branches overwrite each other',
    ]);
    expect(problems[0]?.location).toEqual({ file: 'databricks.yml', line: 3, column: 11 });
  });

  it('reports a shared root path that names neither user nor branch', async () => {
    const problems = await check(sandboxIsolation, {
      config: dev('/Workspace/Shared/sales', '[dev alice feature/sales-kpi] '),
      sources,
    });
    expect(problems.map((p) => p.message)).toEqual([
      'workspace.root_path of development target dev ("/Workspace/Shared/sales") is not unique per user and branch: sandboxes of different users or branches overwrite each other',
    ]);
  });

  it('accepts paths and prefixes that contain the user and the branch, also as a namespace slug', async () => {
    const problems = await check(sandboxIsolation, {
      config: dev('/Workspace/Users/alice@example.com/.bundle/sales/alice_feature_sales_kpi', '[alice_feature_sales_kpi] '),
      sources,
    });
    expect(problems).toEqual([]);
  });

  it('checks only users outside a git repository, and nothing outside development mode', async () => {
    expect(await check(sandboxIsolation, { config: dev('/Workspace/Users/alice@example.com/.bundle/sales/dev', undefined, null), sources })).toEqual([]);
    expect(await check(sandboxIsolation, { config: { ...dev('/Workspace/Shared/x'), bundle: { mode: 'production' } }, sources })).toEqual([]);
  });
});
