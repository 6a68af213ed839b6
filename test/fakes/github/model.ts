import { blobObject, commitObject, treeObjects, type GitObject } from './git-objects.js';

/**
 * The in-memory repository behind the fake GitHub: git objects (blobs, trees,
 * commits, refs) and the GitHub things around them (pull requests, comments,
 * reactions, labels, releases, checks, collaborators, workflow dispatches).
 */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface FakeCommit {
  sha: string;
  message: string;
  parents: string[];
  tree: string;
  author: { name: string; email: string; login: string };
  /** The committer date, which whoever commits writes (git's own `GIT_COMMITTER_DATE`). */
  date: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  user: string;
  headRef: string;
  headSha: string;
  /** The repository the head branch lives in: `owner/repo`, another one for a fork. */
  headRepo: string;
  baseRef: string;
  /** The base commit the branch started from. */
  baseSha: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  mergeable: boolean | null;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeReaction {
  id: number;
  commentId: number;
  content: string;
  user: string;
}

/** A label put on or taken off an issue or pull request, and by whom (the issue's timeline). */
export interface FakeLabelEvent {
  id: number;
  issueNumber: number;
  event: 'labeled' | 'unlabeled';
  label: string;
  actor: string;
  createdAt: string;
}

export interface FakeRelease {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
}

export interface FakeCheckRun {
  id: number;
  sha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled' | 'timed_out' | 'action_required' | null;
}

/** GitHub creates one for an app when code is pushed; its check runs belong to it. */
export interface FakeCheckSuite {
  id: number;
  sha: string;
  /** The branch pushed; null for a push to a fork's branch, as GitHub reports it. */
  headBranch: string | null;
  app: string;
  /** Set by GitHub when the suite is created: what no committer can backdate. */
  createdAt: string;
}

export interface FakeStatus {
  id: number;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
}

/** A SARIF upload to code scanning, decompressed. */
export interface FakeSarifUpload {
  id: string;
  commitSha: string;
  ref: string;
  sarif: unknown;
}

export interface FakeDispatch {
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  runId: number;
}

const AUTHOR = { name: 'Dana Engineer', email: 'dana@example.com', login: 'dana' };
const START = Date.parse('2026-02-23T09:00:00Z');

/** Refs that tell listeners of every change, so a test can mirror them into a real git repository. */
export class WatchedRefs extends Map<string, string> {
  private readonly listeners: Array<(ref: string, sha: string) => void> = [];

  watch(listener: (ref: string, sha: string) => void): void {
    this.listeners.push(listener);
  }

  override set(ref: string, sha: string): this {
    super.set(ref, sha);
    // Map's constructor calls set before the fields exist.
    for (const listener of this.listeners ?? []) listener(ref, sha);
    return this;
  }
}

export class FakeRepository {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch = 'main';
  readonly blobs = new Map<string, string>();
  /** Git's encoding of every blob, tree and commit made here, by SHA (what a real repository would store). */
  readonly objects = new Map<string, GitObject>();
  readonly trees = new Map<string, ReadonlyMap<string, string>>();
  readonly commits = new Map<string, FakeCommit>();
  /** `heads/main`, `tags/v1.0.0` → commit SHA. */
  readonly refs = new WatchedRefs();
  readonly pulls: FakePull[] = [];
  readonly comments: FakeComment[] = [];
  readonly reactions: FakeReaction[] = [];
  readonly releases: FakeRelease[] = [];
  readonly labels = new Set<string>();
  readonly permissions = new Map<string, Permission>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly checkSuites: FakeCheckSuite[] = [];
  readonly statuses: FakeStatus[] = [];
  readonly dispatches: FakeDispatch[] = [];
  readonly sarifUploads: FakeSarifUpload[] = [];
  /** Numeric ids, which the immutable OIDC subject carries. */
  repoId = 734_912_001;
  ownerId = 58_201_337;
  /** The repository's OIDC subject customisation; `null` answers 404 (no access to it). */
  oidcSub: { use_default: boolean; include_claim_keys?: string[]; use_immutable_subject?: boolean; sub_claim_prefix?: string } | null = { use_default: true };
  /** Environment variables: environment → name → value. */
  readonly environmentVariables = new Map<string, Map<string, string>>();
  readonly labelEvents: FakeLabelEvent[] = [];
  private ids = 1000;
  private ticks = 0;

  constructor(owner = 'acme', repo = 'sales-bundle') {
    this.owner = owner;
    this.repo = repo;
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** A clock that moves one second per event, so every run is the same. */
  now(): string {
    return new Date(START + 1000 * this.ticks++).toISOString();
  }

  nextId(): number {
    return this.ids++;
  }

  putBlob(content: string): string {
    const object = blobObject(content);
    this.objects.set(object.sha, object);
    this.blobs.set(object.sha, content);
    return object.sha;
  }

  putTree(entries: ReadonlyMap<string, string>): string {
    const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
    const made = treeObjects(new Map(sorted));
    for (const object of made) this.objects.set(object.sha, object);
    const sha = made.at(-1)?.sha ?? '';
    this.trees.set(sha, new Map(sorted));
    return sha;
  }

  /** `date` backdates the commit (a committer may write any date); by default it is now. */
  putCommit(message: string, tree: string, parents: string[], author = AUTHOR, date = this.now()): FakeCommit {
    const object = commitObject({ tree, parents, author, date, message });
    this.objects.set(object.sha, object);
    const commit: FakeCommit = { sha: object.sha, message, parents, tree, author, date };
    this.commits.set(commit.sha, commit);
    return commit;
  }

  commit(sha: string): FakeCommit {
    const commit = this.commits.get(sha);
    if (!commit) throw new Error(`no commit ${sha}`);
    return commit;
  }

  /** path → content of a commit's files. */
  files(sha: string): Map<string, string> {
    const tree = this.trees.get(this.commit(sha).tree) ?? new Map<string, string>();
    return new Map([...tree].map(([path, blob]) => [path, this.blobs.get(blob) ?? '']));
  }

  branchSha(branch: string): string {
    const sha = this.refs.get(`heads/${branch}`);
    if (!sha) throw new Error(`no branch ${branch}`);
    return sha;
  }

  /** Commits `files` (null deletes) on top of a branch, creating it from main when new. */
  commitFiles(branch: string, message: string, files: Record<string, string | null>, author = AUTHOR, date?: string): FakeCommit {
    const parent = this.refs.get(`heads/${branch}`) ?? this.refs.get(`heads/${this.defaultBranch}`);
    const entries = new Map(parent ? this.trees.get(this.commit(parent).tree) : []);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) entries.delete(path);
      else entries.set(path, this.putBlob(content));
    }
    const commit = this.putCommit(message, this.putTree(entries), parent ? [parent] : [], author, date);
    this.refs.set(`heads/${branch}`, commit.sha);
    return commit;
  }

  /** First-parent history of a commit, newest first. */
  history(sha: string): FakeCommit[] {
    const commits: FakeCommit[] = [];
    for (let current: string | undefined = sha; current; current = this.commits.get(current)?.parents[0]) commits.push(this.commit(current));
    return commits;
  }

  /** Puts a label on a pull request as `actor` would, with the timeline event GitHub records. */
  addLabel(pull: FakePull, label: string, actor: string): void {
    this.labels.add(label);
    if (pull.labels.includes(label)) return;
    pull.labels.push(label);
    this.labelEvents.push({ id: this.nextId(), issueNumber: pull.number, event: 'labeled', label, actor, createdAt: this.now() });
  }

  openPull(options: { title: string; body?: string; branch: string; files: Record<string, string>; user?: string; draft?: boolean; headRepo?: string }): FakePull {
    const baseSha = this.branchSha(this.defaultBranch);
    const head = this.commitFiles(options.branch, options.title, options.files);
    return this.createPull({ ...options, headRef: options.branch, headSha: head.sha, baseRef: this.defaultBranch, baseSha });
  }

  createPull(fields: Pick<FakePull, 'title' | 'headRef' | 'headSha' | 'baseRef' | 'baseSha'> & Partial<Pick<FakePull, 'body' | 'user' | 'draft' | 'headRepo'>>): FakePull {
    const now = this.now();
    const pull: FakePull = {
      body: '',
      user: AUTHOR.login,
      draft: false,
      headRepo: this.fullName,
      ...fields,
      number: Math.max(0, ...this.pulls.map((p) => p.number)) + 1,
      state: 'open',
      merged: false,
      mergeCommitSha: null,
      mergeable: true,
      labels: [],
      createdAt: now,
      updatedAt: now,
      mergedAt: null,
    };
    this.pulls.push(pull);
    return pull;
  }

  pull(number: number): FakePull | undefined {
    return this.pulls.find((p) => p.number === number);
  }

  /** The newest commit both histories contain (git merge-base), over every parent; undefined for unrelated histories. */
  mergeBase(a: string, b: string): string | undefined {
    const ancestors = (start: string): string[] => {
      const seen: string[] = [];
      for (const queue = [start]; queue.length > 0; ) {
        const sha = queue.shift() ?? '';
        if (seen.includes(sha) || !this.commits.has(sha)) continue;
        seen.push(sha);
        queue.push(...this.commit(sha).parents);
      }
      return seen;
    };
    const ofA = new Set(ancestors(a));
    return ancestors(b).find((sha) => ofA.has(sha));
  }

  /** The commit a pull request's changes are counted from: where its head and its base branch meet, as GitHub's three-dot diff. */
  forkPoint(pull: FakePull): string {
    return this.mergeBase(pull.headSha, this.refs.get(`heads/${pull.baseRef}`) ?? pull.baseSha) ?? pull.baseSha;
  }

  /** A squash merge: the branch's changes since it forked (not since the base the pull request was opened on), as one commit on the base. */
  squashMerge(pull: FakePull, message: string): FakeCommit {
    const base = this.branchSha(pull.baseRef);
    const entries = new Map(this.trees.get(this.commit(base).tree));
    const before = this.trees.get(this.commit(this.forkPoint(pull)).tree) ?? new Map<string, string>();
    const after = this.trees.get(this.commit(pull.headSha).tree) ?? new Map<string, string>();
    for (const [path, blob] of after) if (before.get(path) !== blob) entries.set(path, blob);
    for (const path of before.keys()) if (!after.has(path)) entries.delete(path);
    const commit = this.putCommit(message, this.putTree(entries), [base]);
    this.refs.set(`heads/${pull.baseRef}`, commit.sha);
    Object.assign(pull, { state: 'closed', merged: true, mergeCommitSha: commit.sha, mergedAt: commit.date, updatedAt: commit.date });
    return commit;
  }

  addComment(issueNumber: number, body: string, user: string): FakeComment {
    const now = this.now();
    const comment: FakeComment = { id: this.nextId(), issueNumber, body, user, createdAt: now, updatedAt: now };
    this.comments.push(comment);
    return comment;
  }

  addCheckRun(sha: string, name: string, conclusion: FakeCheckRun['conclusion'], status: FakeCheckRun['status'] = 'completed'): void {
    this.checkSuiteOf(sha);
    this.checkRuns.push({ id: this.nextId(), sha, name, status, conclusion });
  }

  /** GitHub Actions' suite for the commit, created now on the branch that points at it when there is none yet. */
  checkSuiteOf(sha: string, app = 'github-actions'): FakeCheckSuite {
    const existing = this.checkSuites.find((suite) => suite.sha === sha && suite.app === app);
    if (existing) return existing;
    const fork = this.pulls.some((pull) => pull.headSha === sha && pull.headRepo !== this.fullName);
    const branch = [...this.refs].find(([ref, at]) => at === sha && ref.startsWith('heads/'))?.[0].slice('heads/'.length) ?? null;
    const suite: FakeCheckSuite = { id: this.nextId(), sha, headBranch: fork ? null : branch, app, createdAt: this.now() };
    this.checkSuites.push(suite);
    return suite;
  }

  addStatus(sha: string, context: string, state: FakeStatus['state']): void {
    this.statuses.push({ id: this.nextId(), sha, context, state });
  }

  tagOf(name: string): string | undefined {
    return this.refs.get(`tags/${name}`);
  }
}

