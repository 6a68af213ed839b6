import { describe, expect, it } from 'vitest';
import { bundleArgs } from '../../../src/core/deploy/cli-args.js';
import { decideIdentity, type IdentityRequest } from '../../../src/core/deploy/identity-rules.js';
import { productionSettings } from '../../../src/core/deploy/settings.js';
import { classifyTarget, takesNamespace } from '../../../src/core/deploy/target-kind.js';

const SP = '6f1c1d2e-0000-4000-8000-1234567890ab';
const base: IdentityRequest = { action: 'deploy', target: 'prod', kind: 'production', userName: SP, ci: true, yes: false };

describe('which targets count as production', () => {
  const none = productionSettings({});
  it('takes mode: production and the targets dataops.yml names; development is a sandbox; the rest is staging', () => {
    expect(classifyTarget('prod', { bundle: { mode: 'production' } }, none)).toBe('production');
    expect(classifyTarget('live', { bundle: {} }, productionSettings({ production: { targets: ['live'] } }))).toBe('production');
    expect(classifyTarget('dev', { bundle: { mode: 'development' } }, none)).toBe('sandbox');
    expect(classifyTarget('staging', { bundle: {} }, none)).toBe('staging');
    expect(classifyTarget('qa', {}, none)).toBe('staging');
  });

  it('gives a namespace only to a sandbox whose bundle declares the variable, not to one dataops.yml makes production', () => {
    const sandbox = { bundle: { mode: 'development' }, variables: { namespace: { default: '' } } };
    expect(takesNamespace(classifyTarget('dev', sandbox, none), sandbox)).toBe(true);
    expect(takesNamespace(classifyTarget('dev', { bundle: { mode: 'development' } }, none), { bundle: { mode: 'development' } })).toBe(false);
    const listed = productionSettings({ production: { targets: ['dev'] } });
    expect(takesNamespace(classifyTarget('dev', sandbox, listed), sandbox)).toBe(false);
  });
});

describe('who may deploy and destroy what', () => {
  it('lets only a service principal in CI deploy production', () => {
    expect(decideIdentity(base)).toMatchObject({ allowed: true, breakGlass: null });
    expect(decideIdentity({ ...base, userName: 'alice@example.com' })).toMatchObject({ allowed: false, reason: expect.stringContaining('user alice@example.com is not a service principal') });
    expect(decideIdentity({ ...base, ci: false })).toMatchObject({ allowed: false, reason: expect.stringContaining('CI is not true') });
    const both = decideIdentity({ ...base, userName: 'alice@example.com', ci: false });
    expect(both).toMatchObject({ allowed: false, reason: expect.stringContaining('not a service principal and CI is not true'), hint: expect.stringContaining('--break-glass') });
  });

  it('lets a person through with --break-glass and a reason, and says so', () => {
    const decision = decideIdentity({ ...base, userName: 'alice@example.com', ci: false, breakGlass: '  INC-1 hotfix ' });
    expect(decision).toEqual({ allowed: true, breakGlass: 'INC-1 hotfix', detail: expect.stringContaining('BREAK-GLASS: INC-1 hotfix') });
    expect(decideIdentity({ ...base, userName: 'alice@example.com', breakGlass: '   ' }).allowed).toBe(false);
  });

  it('asks --yes for staging outside CI, not in CI', () => {
    const staging = { ...base, target: 'staging', kind: 'staging' as const, userName: 'alice@example.com' };
    expect(decideIdentity({ ...staging, ci: false })).toMatchObject({ allowed: false, reason: 'deploying to staging target staging outside CI needs --yes' });
    expect(decideIdentity({ ...staging, ci: false, yes: true }).allowed).toBe(true);
    expect(decideIdentity(staging).allowed).toBe(true);
  });

  it('destroys a sandbox without questions; staging and production need --yes and the same identity rules', () => {
    const destroy = { ...base, action: 'destroy' as const };
    expect(decideIdentity({ ...destroy, kind: 'sandbox', userName: 'alice@example.com', ci: false }).allowed).toBe(true);
    expect(decideIdentity(destroy)).toMatchObject({ allowed: false, reason: expect.stringContaining('needs --yes') });
    expect(decideIdentity({ ...destroy, yes: true }).allowed).toBe(true);
    expect(decideIdentity({ ...destroy, yes: true, userName: 'alice@example.com' })).toMatchObject({ allowed: false, reason: expect.stringContaining('destroyed only by a service principal in CI') });
    expect(decideIdentity({ ...destroy, kind: 'staging', target: 'staging' })).toMatchObject({ allowed: false });
  });
});

describe('the Databricks CLI command lines', () => {
  it('passes the target, every --var and, for destroy, --auto-approve', () => {
    expect(bundleArgs('deploy', 'sandbox', [['namespace', 'alice_main_0123456789'], ['x', 'a=b']])).toEqual(['bundle', 'deploy', '-t', 'sandbox', '--var', 'namespace=alice_main_0123456789', '--var', 'x=a=b']);
    expect(bundleArgs('summary', 'prod', [])).toEqual(['bundle', 'summary', '-t', 'prod', '-o', 'json']);
    expect(bundleArgs('destroy', 'prod', [], { autoApprove: true })).toEqual(['bundle', 'destroy', '-t', 'prod', '--auto-approve']);
  });

  it('quotes a value the CLI would otherwise split at its commas', () => {
    expect(bundleArgs('deploy', 'staging', [['a', '1,2'], ['b', 'say "hi"']])).toEqual(['bundle', 'deploy', '-t', 'staging', '--var', '"a=1,2"', '--var', '"b=say ""hi"""']);
  });
});
