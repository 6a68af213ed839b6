import { Errors } from 'release-please';
import type { Commit } from 'release-please/build/src/commit.js';
import type { Repository } from 'release-please/build/src/repository.js';
import type { Scm, ScmCommitIteratorOptions, ScmRelease, ScmTag, ScmTagIteratorOptions } from 'release-please/build/src/scm.js';

/** What release-please needs to know about a repository to compute a release, read beforehand. */
export interface RepositorySnapshot {
  owner: string;
  repo: string;
  /** The branch releases are cut from; history below is this branch's. */
  branch: string;
  /** The branch's commits, newest first. */
  commits: ReadonlyArray<{ sha: string; message: string; files: readonly string[] }>;
  tags: ReadonlyArray<{ name: string; sha: string }>;
  /** Reads a file of the branch's head commit; null when absent. */
  readFile(path: string): Promise<string | null>;
  listFiles(): Promise<readonly string[]>;
}

/**
 * release-please's source-control interface over a snapshot, so its own Manifest
 * computes the next release without a network. It only reads: a preview that tried
 * to write would be a bug, and says so.
 */
export class SnapshotScm implements Scm {
  readonly repository: Repository;

  constructor(private readonly snapshot: RepositorySnapshot) {
    this.repository = { owner: snapshot.owner, repo: snapshot.repo, defaultBranch: snapshot.branch };
  }

  async getFileContents(path: string): Promise<{ sha: string; content: string; parsedContent: string; mode: string }> {
    return this.getFileContentsOnBranch(path, this.snapshot.branch);
  }

  async getFileContentsOnBranch(path: string, _branch: string): Promise<{ sha: string; content: string; parsedContent: string; mode: string }> {
    const text = await this.snapshot.readFile(path);
    if (text === null) throw new Errors.FileNotFoundError(path);
    return { sha: '', content: Buffer.from(text).toString('base64'), parsedContent: text, mode: '100644' };
  }

  async getFileJson<T>(path: string, branch: string): Promise<T> {
    return JSON.parse((await this.getFileContentsOnBranch(path, branch)).parsedContent) as T;
  }

  async findFilesByFilename(filename: string, prefix?: string): Promise<string[]> {
    return this.matching((file) => file === filename || file.endsWith(`/${filename}`), prefix);
  }

  async findFilesByFilenameAndRef(filename: string, _ref: string, prefix?: string): Promise<string[]> {
    return this.findFilesByFilename(filename, prefix);
  }

  async findFilesByGlob(glob: string, prefix?: string): Promise<string[]> {
    const { default: picomatch } = await import('picomatch');
    return this.matching(picomatch(glob), prefix);
  }

  async findFilesByGlobAndRef(glob: string, _ref: string, prefix?: string): Promise<string[]> {
    return this.findFilesByGlob(glob, prefix);
  }

  async findFilesByExtension(extension: string, prefix?: string): Promise<string[]> {
    return this.matching((file) => file.endsWith(`.${extension}`), prefix);
  }

  async findFilesByExtensionAndRef(extension: string, _ref: string, prefix?: string): Promise<string[]> {
    return this.findFilesByExtension(extension, prefix);
  }

  async commitsSince(_branch: string, filter: (commit: Commit) => boolean, options: ScmCommitIteratorOptions = {}): Promise<Commit[]> {
    const commits: Commit[] = [];
    for await (const commit of this.mergeCommitIterator(this.snapshot.branch, options)) {
      if (filter(commit)) break;
      commits.push(commit);
    }
    return commits;
  }

  async *mergeCommitIterator(_branch: string, options: ScmCommitIteratorOptions = {}): AsyncGenerator<Commit, void, void> {
    const commits = this.snapshot.commits.slice(0, options.maxResults ?? this.snapshot.commits.length);
    for (const commit of commits) yield { sha: commit.sha, message: commit.message, files: [...commit.files] };
  }

  // A local clone knows no pull requests or GitHub releases; tags stand in for releases.
  async *pullRequestIterator(): AsyncGenerator<never, void, void> {}

  async *releaseIterator(): AsyncGenerator<ScmRelease, void, void> {}

  async *tagIterator(options: ScmTagIteratorOptions = {}): AsyncGenerator<ScmTag, void, void> {
    for (const tag of this.snapshot.tags.slice(0, options.maxResults ?? this.snapshot.tags.length)) yield { ...tag };
  }

  readonly getPullRequest = readOnly('getPullRequest');
  readonly createPullRequest = readOnly('createPullRequest');
  readonly updatePullRequest = readOnly('updatePullRequest');
  readonly createRelease = readOnly('createRelease');
  readonly commentOnIssue = readOnly('commentOnIssue');
  readonly removeIssueLabels = readOnly('removeIssueLabels');
  readonly addIssueLabels = readOnly('addIssueLabels');
  readonly generateReleaseNotes = readOnly('generateReleaseNotes (changelog-type "github" needs GitHub: the preview supports "default")');
  readonly createFileOnNewBranch = readOnly('createFileOnNewBranch');
  readonly buildChangeSet = readOnly('buildChangeSet');

  private async matching(test: (file: string) => boolean, prefix?: string): Promise<string[]> {
    const base = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
    const files = await this.snapshot.listFiles();
    return files.filter((file) => file.startsWith(base) && test(file.slice(base.length))).map((file) => file.slice(base.length));
  }
}

function readOnly(operation: string): () => Promise<never> {
  return () => Promise.reject(new Error(`the version preview only reads the repository; release-please asked for ${operation}`));
}
