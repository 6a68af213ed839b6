import { CommitParser, type Commit, type ParserOptions } from 'conventional-commits-parser';

/**
 * The parser options of the `conventionalcommits` preset, the one commitlint's
 * config-conventional and release-please's changelog use, so `!` and
 * `BREAKING CHANGE:` mean the same here as there.
 */
const PRESET: ParserOptions = {
  headerPattern: /^(\w*)(?:\((.*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/,
  headerCorrespondence: ['type', 'scope', 'subject'],
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE'],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i,
  revertCorrespondence: ['header', 'hash'],
  issuePrefixes: ['#'],
};

export type ParsedCommit = Commit;

export function parseCommitMessage(message: string): ParsedCommit {
  return new CommitParser(PRESET).parse(message);
}
