import { describe, expect, it } from 'vitest';
import { acceptedAudiences, decideFederation, githubSubject, type FederationPolicy } from '../../../src/core/federation.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const policy = (subject: string, audiences?: string[]): FederationPolicy => ({ oidc_policy: { issuer: ISSUER, subject, ...(audiences ? { audiences } : {}) } });

describe('federation policies', () => {
  it('builds the name-based and the immutable GitHub subjects', () => {
    expect(githubSubject({ owner: 'acme', repository: 'sales', context: 'environment:production' })).toBe('repo:acme/sales:environment:production');
    expect(githubSubject({ owner: 'acme', ownerId: 123, repository: 'sales', repositoryId: 456, context: 'environment:production' })).toBe(
      'repo:acme@123/sales@456:environment:production',
    );
  });

  it('accepts the account id when a policy names no audience', () => {
    expect(acceptedAudiences({ issuer: ISSUER }, 'acct-1')).toEqual(['acct-1']);
    expect(acceptedAudiences({ issuer: ISSUER, audiences: ['a', 'b'] }, 'acct-1')).toEqual(['a', 'b']);
  });

  it('picks the policy whose issuer, audience and subject match', () => {
    const policies = [policy('repo:acme/sales:environment:staging', ['aud']), policy('repo:acme/sales:environment:production', ['aud'])];
    const decision = decideFederation(policies, { iss: ISSUER, aud: 'aud', sub: 'repo:acme/sales:environment:production' }, 'acct');
    expect(decision).toEqual({ ok: true, policy: policies[1] });
  });

  it('says which check failed: issuer, then audience, then subject', () => {
    const policies = [policy('repo:acme/sales:environment:production', ['aud'])];
    expect(decideFederation(policies, { iss: 'https://elsewhere', aud: 'aud', sub: 'x' }, 'acct')).toMatchObject({ ok: false, reason: 'issuer' });
    expect(decideFederation(policies, { iss: ISSUER, aud: ['other'], sub: 'x' }, 'acct')).toMatchObject({ ok: false, reason: 'audience' });
    expect(decideFederation(policies, { iss: ISSUER, aud: 'aud', sub: 'repo:acme@1/sales@2:environment:production' }, 'acct')).toEqual({
      ok: false,
      reason: 'subject',
      message: "the token's sub 'repo:acme@1/sales@2:environment:production' does not match the subject of any federation policy",
    });
  });

  it('reads the subject from the policy\'s subject_claim', () => {
    const byRepository: FederationPolicy = { oidc_policy: { issuer: ISSUER, audiences: ['aud'], subject_claim: 'repository', subject: 'acme/sales' } };
    expect(decideFederation([byRepository], { iss: ISSUER, aud: 'aud', sub: 'anything', repository: 'acme/sales' }, 'acct').ok).toBe(true);
  });
});
