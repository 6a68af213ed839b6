import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/rules/catalog.js';
import { parseSettings } from '../../../src/core/settings.js';
import { describeAction, lookupValues, planSetup, type ValueLookup } from '../../../src/core/setup/plan.js';
import { checkPrerequisites } from '../../../src/core/setup/prerequisites.js';
import { secretScopes } from '../../../src/core/setup/settings.js';

const YAML = `secrets:
  shop:
    token: { env: SHOP_TOKEN }
    cert: { file: certs/shop.pem }
    acls:
      - { principal: data-engineers, permission: READ }
      - { principal: admins, permission: MANAGE }
  ops:
    hook: { env: OPS_HOOK }
`;

const scopes = secretScopes(parseSettings(YAML, RULES).raw);
const fromEnv = (env: Record<string, string>): ValueLookup => (source) =>
  'env' in source ? (env[source.env] ? { ok: true, value: env[source.env] ?? '' } : { ok: false, problem: `environment variable ${source.env} is not set` }) : { ok: true, value: 'FILE' };

describe('the secrets of dataops.yml', () => {
  it('reads scopes, keys with their sources, and ACLs', () => {
    expect(scopes).toEqual([
      {
        scope: 'shop',
        secrets: [
          { key: 'token', source: { env: 'SHOP_TOKEN' } },
          { key: 'cert', source: { file: 'certs/shop.pem' } },
        ],
        acls: [
          { principal: 'data-engineers', permission: 'READ' },
          { principal: 'admins', permission: 'MANAGE' },
        ],
      },
      { scope: 'ops', secrets: [{ key: 'hook', source: { env: 'OPS_HOOK' } }], acls: [] },
    ]);
  });

  it('rejects a secret written as a value instead of a source, with its line', () => {
    expect(() => parseSettings('secrets:\n  shop:\n    token: hunter2\n', RULES)).toThrow(/dataops.yml: secrets.shop.token/);
    expect(() => parseSettings('secrets:\n  shop:\n    acls: [{ principal: x, permission: OWN }]\n', RULES)).toThrow(/must be one of READ, WRITE, MANAGE/);
  });

  it('declares production targets', () => {
    expect(() => parseSettings('production:\n  targets: [live]\n  approvers: 2\n', RULES)).toThrow(/unknown setting "approvers"/);
  });
});

describe('the setup plan', () => {
  it('names every missing variable before anything is planned', () => {
    const { problems, values } = lookupValues(scopes, fromEnv({ SHOP_TOKEN: 't' }));
    expect(problems).toEqual(['ops/hook: environment variable OPS_HOOK is not set']);
    expect([...values.keys()]).toEqual(['shop/token', 'shop/cert']);
  });

  it('creates missing scopes, keeps existing ones and ACLs already granted, puts every secret', () => {
    const { values } = lookupValues(scopes, fromEnv({ SHOP_TOKEN: 't', OPS_HOOK: 'h' }));
    const plan = planSetup(scopes, values, { scopes: new Set(['shop']), acls: new Map([['shop', [{ principal: 'admins', permission: 'MANAGE' as const }]]]) });
    expect(plan.actions.map((a) => describeAction(a, false))).toEqual([
      'secret scope shop exists',
      'put secret shop/token from environment variable SHOP_TOKEN',
      'put secret shop/cert from file certs/shop.pem',
      'granted READ on shop to data-engineers',
      'admins has MANAGE on shop',
      'created secret scope ops',
      'put secret ops/hook from environment variable OPS_HOOK',
    ]);
    expect(plan.actions.map((a) => describeAction(a, true))[5]).toBe('would create secret scope ops');
    expect(JSON.stringify(plan.actions)).not.toMatch(/"t"|"h"|FILE/);
  });
});

describe('prerequisites', () => {
  const probes = (over: Record<string, string | null>) =>
    ['databricks', 'git', 'task', 'python'].map((name) => ({ name, output: name in over ? (over[name] ?? null) : { databricks: 'Databricks CLI v1.12.1', git: 'git version 2.43.0', task: 'Task version: v3.40.0', python: 'Python 3.11.7' }[name] ?? null }));

  it('accepts current tools', () => {
    expect(checkPrerequisites(probes({})).every((p) => p.ok)).toBe(true);
  });

  it('names a missing tool and an outdated one with how to fix them', () => {
    const result = checkPrerequisites(probes({ task: null, databricks: 'Databricks CLI v0.270.0' }));
    expect(result.find((p) => p.name === 'task')).toMatchObject({ ok: false, note: expect.stringContaining('not installed') });
    expect(result.find((p) => p.name === 'databricks')).toMatchObject({ ok: false, note: expect.stringContaining('0.270.0 is older than 1.3.0') });
  });

  it('accepts a Databricks CLI built from source without judging its version', () => {
    expect(checkPrerequisites(probes({ databricks: 'Databricks CLI v0.0.0-dev+abc' })).find((p) => p.name === 'databricks')).toMatchObject({ ok: true });
  });
});
