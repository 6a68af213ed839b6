import { describe, expect, it } from 'vitest';
import { lintCommitMessage } from '../../../src/core/versioning/commitlint.js';

const rules = (message: string): string[] => lintCommitMessage(message, 'PR title').findings.filter((f) => f.level === 'error').map((f) => f.rule);

describe('dataops commitlint', () => {
  it.each([
    'feat: add the weekly dashboard',
    'fix(jobs): retry the ingestion task',
    'feat(api)!: drop the v1 endpoint',
    'chore(main): release 1.2.0',
    'revert: feat: add the weekly dashboard',
    'feat: add x\n\nBREAKING CHANGE: callers must pass a date\nRefs: #12',
  ])('accepts %j', (message) => {
    expect(lintCommitMessage(message, 'PR title')).toMatchObject({ valid: true, findings: [] });
  });

  it.each([
    ['Add the weekly dashboard', ['type-empty']],
    ['feat add the weekly dashboard', ['type-empty']],
    ['feat:add the weekly dashboard', ['type-empty']],
    ['Feat: add the weekly dashboard', ['type-case']],
    ['feature: add the weekly dashboard', ['type-enum']],
    ['FIX: Handle empty files.', ['type-case', 'subject-case', 'subject-full-stop']],
    ['feat: ', ['type-empty']],
    [`feat: ${'x'.repeat(95)}`, ['header-max-length']],
  ])('refuses %j (%j)', (message, expected) => {
    expect(rules(message)).toEqual(expected);
  });

  it('quotes the offending text in its messages', () => {
    const [typeCase, typeEnum] = lintCommitMessage('Feature: add it', 'PR title').findings;
    expect(typeCase?.message).toBe('the type "Feature" must be lower-case: "feature"');
    expect(typeEnum?.message).toContain('the type "Feature" is not one of build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test');
    const [shape] = lintCommitMessage('Update stuff', 'PR title').findings;
    expect(shape?.message).toContain('"Update stuff" is not a Conventional Commit header');
  });

  it('allows 100 characters in the header, not 101', () => {
    expect(rules(`fix: ${'x'.repeat(95)}`)).toEqual([]);
    expect(lintCommitMessage(`fix: ${'x'.repeat(96)}`, 'c').findings[0]?.message).toMatch(/^the header is 101 characters, more than 100/);
  });

  it('skips the messages git and GitHub write themselves', () => {
    for (const message of ['Merge pull request #12 from acme/feature', "Merge branch 'main' into feature", 'Revert "feat: x"', 'fixup! feat: x']) {
      expect(lintCommitMessage(message, 'c')).toMatchObject({ valid: true, ignored: true });
    }
  });

  it('refuses over-long body lines but only warns about a missing blank line', () => {
    expect(rules(`fix: a\n\n${'y'.repeat(101)}`)).toEqual(['body-max-line-length']);
    expect(rules('fix: a\n\nhttps://example.com/' + 'p'.repeat(120))).toEqual([]);
    const result = lintCommitMessage('fix: a\nno blank line', 'c');
    expect(result).toMatchObject({ valid: true, findings: [{ rule: 'body-leading-blank', level: 'warning' }] });
  });
});
