import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortUserName } from '../../../src/core/bundle/identity.js';
import { chooseBranch, NAMESPACE_MAX_LENGTH, NAMESPACE_PATTERN, sandboxNamespace } from '../../../src/core/sandbox/namespace.js';

/** User names as workspaces have them: e-mails (unicode too), service principal UUIDs, odd logins. */
const userName = fc.oneof(
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), fc.domain()).map(([local, domain]) => `${local}@${domain}`),
  fc.emailAddress(),
  fc.uuid(),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
);

/** Branch names: slashes, unicode, emoji, very long ones. */
const branch = fc.oneof(
  fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
  fc.constantFrom('main', 'feature/JIRA-123_new-dashboard', 'release/2026.01', 'ünïcödé/ブランチ', '🚀/🔥', '---', '1234', 'a'.repeat(250)),
);

const UC_RESERVED = new Set(['information_schema', 'default']);

describe('sandbox namespace', () => {
  it('is a legal schema name, path segment and resource name of at most 48 characters', () => {
    fc.assert(
      fc.property(userName, branch, (user, ref) => {
        const { namespace } = sandboxNamespace({ userName: user, id: '1' }, ref);
        expect(namespace).toMatch(NAMESPACE_PATTERN);
        expect(namespace.length).toBeLessThanOrEqual(NAMESPACE_MAX_LENGTH);
        expect(UC_RESERVED.has(namespace)).toBe(false);
        expect(encodeURIComponent(namespace)).toBe(namespace);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same namespace for the same user and branch', () => {
    fc.assert(
      fc.property(userName, branch, (user, ref) => {
        expect(sandboxNamespace({ userName: user, id: '1' }, ref).namespace).toBe(sandboxNamespace({ userName: user, id: '2' }, ref).namespace);
      }),
    );
  });

  it('never gives two different (user, branch) pairs the same namespace', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(userName, branch), { minLength: 2, maxLength: 200, selector: ([u, b]) => `${u}\u0000${b}` }), (pairs) => {
        const namespaces = pairs.map(([user, ref]) => sandboxNamespace({ userName: user, id: '1' }, ref).namespace);
        expect(new Set(namespaces).size).toBe(pairs.length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps pairs apart that normalise alike', () => {
    const names = [
      sandboxNamespace({ userName: 'a.b@x.com', id: '1' }, 'feature/x'),
      sandboxNamespace({ userName: 'a_b@y.com', id: '1' }, 'feature/x'),
      sandboxNamespace({ userName: 'a.b@x.com', id: '1' }, 'feature-x'),
      sandboxNamespace({ userName: 'a.b@x.com', id: '1' }, 'Feature/X'),
    ].map((n) => n.namespace);
    expect(new Set(names).size).toBe(4);
    expect(names[0]).toMatch(/^a_b_feature_x_[0-9a-f]{10}$/);
  });

  it('reads like the user and the branch, and reports the CLI short name', () => {
    const ns = sandboxNamespace({ userName: 'Jane.Doe@example.com', id: '1' }, 'feature/JIRA-123_new-dashboard');
    // 48 characters at most: the branch is shortened, the hash keeps it apart from its neighbours.
    expect(ns.namespace).toMatch(/^jane_doe_feature_jira_123_new_dashboa_[0-9a-f]{10}$/);
    expect(ns.shortName).toBe('jane_doe');
  });

  it('uses the same short name as the resolver (workspace.current_user.short_name)', () => {
    fc.assert(
      fc.property(userName, (user) => {
        const identity = { userName: user, id: '1' };
        expect(sandboxNamespace(identity, 'main').shortName).toBe(shortUserName(identity));
      }),
    );
  });

  it('starts with a letter for a service principal whose UUID starts with a digit', () => {
    const ns = sandboxNamespace({ userName: '1aaaaaaa-bbbb-4ccc-dddd-eeeeeeeeeeee', id: '1' }, 'main');
    expect(ns.namespace).toMatch(/^u1aaaaaaa_bbbb_4ccc_/);
    expect(ns.shortName).toBe('1aaaaaaa_bbbb_4ccc_dddd_eeeeeeeeeeee');
  });

  it('keeps the branch readable when the user name is very long', () => {
    const ns = sandboxNamespace({ userName: `${'x'.repeat(100)}@example.com`, id: '1' }, 'feature/payments');
    expect(ns.namespace).toContain('_feature_payments_');
    expect(ns.namespace.length).toBeLessThanOrEqual(NAMESPACE_MAX_LENGTH);
  });
});

describe('the branch of a sandbox', () => {
  const git = { gitBranch: 'local-branch', gitCommit: '0123456789abcdef0123456789abcdef01234567', inRepository: true };

  it('prefers DATAOPS_GIT_BRANCH, then GitHub pull request and ref names, then git', () => {
    expect(chooseBranch({ ...git, env: { DATAOPS_GIT_BRANCH: 'x', GITHUB_HEAD_REF: 'y' } })).toEqual({ branch: 'x', source: 'DATAOPS_GIT_BRANCH' });
    expect(chooseBranch({ ...git, env: { GITHUB_HEAD_REF: 'feature/pr', GITHUB_REF_NAME: '12/merge' } })).toEqual({ branch: 'feature/pr', source: 'GITHUB_HEAD_REF' });
    expect(chooseBranch({ ...git, env: { GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' } })).toEqual({ branch: 'main', source: 'GITHUB_REF_NAME' });
    expect(chooseBranch({ ...git, env: {} })).toEqual({ branch: 'local-branch', source: 'git' });
  });

  it('names a detached HEAD after its commit, and a directory outside git plainly', () => {
    expect(chooseBranch({ env: {}, gitCommit: git.gitCommit, inRepository: true })).toEqual({ branch: 'detached-0123456789ab', source: 'detached HEAD' });
    expect(chooseBranch({ env: {}, inRepository: false })).toEqual({ branch: 'no-git', source: 'no git repository' });
  });
});
