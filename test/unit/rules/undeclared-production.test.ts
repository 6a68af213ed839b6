import { describe, expect, it } from 'vitest';
import { isProduction } from '../../../src/core/deploy/target-kind.js';
import { prodRootPath } from '../../../src/core/rules/prod-root-path.js';
import { prodRunAs } from '../../../src/core/rules/prod-run-as.js';
import { undeclaredProduction } from '../../../src/core/rules/undeclared-production.js';
import { check } from '../../helpers/rule-context.js';

const PRINCIPAL = '6f1c1d2e-0000-4000-8000-1234567890ab';
const LIVE = `targets:\n  live:\n    run_as:\n      service_principal_name: ${PRINCIPAL}\n    workspace:\n      root_path: /Workspace/Users/${PRINCIPAL}/.bundle/b/live\n`;
const liveConfig = { run_as: { service_principal_name: PRINCIPAL }, workspace: { root_path: `/Workspace/Users/${PRINCIPAL}/.bundle/b/live` } };

describe('one production predicate', () => {
  it('is production by mode or by dataops.yml, nothing else', () => {
    expect(isProduction('prod', { bundle: { mode: 'production' } }, { targets: [] })).toBe(true);
    expect(isProduction('live', {}, { targets: ['live'] })).toBe(true);
    expect(isProduction('live', liveConfig, { targets: [] })).toBe(false);
    expect(isProduction(null, {}, { targets: ['live'] })).toBe(false);
  });

  it('puts a target listed in dataops.yml under the production rules', async () => {
    const fixture = { target: 'live', config: { workspace: { root_path: '/Workspace/Users/alice@example.com/.bundle/b/live' }, resources: { jobs: { j: {} } } }, productionTargets: ['live'] };
    expect((await check(prodRunAs, fixture)).map((p) => p.message)).toEqual(['job j runs as whoever deploys it (no run_as) in production target live']);
    expect(await check(prodRunAs, { ...fixture, productionTargets: [] })).toEqual([]);
    expect(await check(prodRootPath, { ...fixture, sources: { 'databricks.yml': 'targets:\n  live:\n    workspace:\n      root_path: /Workspace/Users/alice@example.com/.bundle/b/live\n' } })).toHaveLength(1);
  });
});

describe('undeclared-production', () => {
  it('warns about a target that runs as a service principal in its home, but is not declared production, at its run_as', async () => {
    const problems = await check(undeclaredProduction, { target: 'live', config: liveConfig, sources: { 'databricks.yml': LIVE } });
    expect(problems).toEqual([
      {
        message: `target live runs as the service principal ${PRINCIPAL} and deploys under the service principal's home (/Workspace/Users/${PRINCIPAL}/.bundle/b/live), like production, but is not declared production: deploy and the guard treat it as staging`,
        location: { file: 'databricks.yml', line: 4, column: 7 },
        hint: 'add mode: production to target live, or list it under production.targets in dataops.yml',
      },
    ]);
  });

  it('is quiet for declared production, and for staging that runs as whoever deploys it', async () => {
    expect(await check(undeclaredProduction, { target: 'live', config: liveConfig, sources: { 'databricks.yml': LIVE }, productionTargets: ['live'] })).toEqual([]);
    expect(await check(undeclaredProduction, { target: 'live', config: { ...liveConfig, bundle: { mode: 'production' } }, sources: { 'databricks.yml': LIVE } })).toEqual([]);
    expect(await check(undeclaredProduction, { target: 'staging', config: { workspace: { root_path: '/Workspace/Users/ci@example.com/.bundle/b/staging' } } })).toEqual([]);
  });
});
