import type { components, operations } from '@octokit/openapi-types';
import { gunzipSync } from 'node:zlib';
import { changedFiles } from './graphql.js';
import type { FakeComment, FakeLabelEvent, FakePull, FakeRelease, FakeRepository } from './model.js';

/**
 * GitHub's REST endpoints that octokit and release-please call, answered from the
 * fake repository. Request bodies and the answered fields are typed with GitHub's
 * OpenAPI description, so a field octokit reads under another name fails to compile.
 */
type Schemas = components['schemas'];
type Body<Op extends keyof operations> = operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } } ? NonNullable<B> : never;

export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The login the token belongs to. */
  login: string;
}

export interface RestAnswer {
  status: number;
  body?: unknown;
}

type Handler = (repo: FakeRepository, request: RestRequest) => RestAnswer;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

const routes: Route[] = [];

function route(method: string, path: string, handler: Handler): void {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' + path.replace(/\{(\w+)(\*?)\}/g, (_m, name: string, rest: string) => (names.push(name), rest ? '(.+)' : '([^/]+)')) + '$',
  );
  routes.push({ method, pattern, names, handler });
}

export function findRoute(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
  for (const r of routes) {
    const match = r.method === method ? r.pattern.exec(path) : null;
    if (match) return { handler: r.handler, params: Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')])) };
  }
  return undefined;
}

const ok = (body: unknown, status = 200): RestAnswer => ({ status, body });
const notFound = (what: string): RestAnswer => ({ status: 404, body: { message: `Not Found: ${what}` } });
const html = (repo: FakeRepository, path: string): string => `https://github.com/${repo.fullName}/${path}`;
const REPO = '/repos/{owner}/{repo}';

// GitHub answers an installation token (GITHUB_TOKEN, a GitHub App) with 403 here; a person's token with the account.
route('GET', '/user', (_repo, { login }) =>
  login.endsWith('[bot]') ? { status: 403, body: { message: 'Resource not accessible by integration' } } : ok({ login, type: 'User' } satisfies Pick<Schemas['public-user'], 'login' | 'type'>),
);

// --- repository, branches, refs, git objects -------------------------------------------------

route('GET', REPO, (repo) => {
  const body: Pick<Schemas['full-repository'], 'id' | 'name' | 'full_name' | 'default_branch' | 'private' | 'fork'> & { owner: Pick<Schemas['simple-user'], 'login' | 'id'> } = {
    id: repo.repoId,
    name: repo.repo,
    full_name: repo.fullName,
    owner: { login: repo.owner, id: repo.ownerId },
    default_branch: repo.defaultBranch,
    private: true,
    fork: false,
  };
  return ok(body);
});

// --- OIDC subject customisation, environment variables ----------------------------------------

route('GET', `${REPO}/actions/oidc/customization/sub`, (repo) => {
  if (!repo.oidcSub) return notFound('OIDC customization');
  const body: Schemas['oidc-custom-sub-repo'] = repo.oidcSub;
  return ok(body);
});

route('GET', `${REPO}/environments/{environment}/variables/{name}`, (repo, { params }) => {
  const value = repo.environmentVariables.get(params.environment ?? '')?.get(params.name ?? '');
  if (value === undefined) return notFound(`variable ${params.name}`);
  const body: Pick<Schemas['actions-variable'], 'name' | 'value' | 'created_at' | 'updated_at'> = { name: params.name ?? '', value, created_at: repo.now(), updated_at: repo.now() };
  return ok(body);
});

route('GET', `${REPO}/branches/{branch*}`, (repo, { params }) => {
  const sha = repo.refs.get(`heads/${params.branch}`);
  if (!sha) return notFound(`branch ${params.branch}`);
  return ok({ name: params.branch, commit: { sha }, protected: false });
});

function gitRef(repo: FakeRepository, ref: string): Pick<Schemas['git-ref'], 'ref' | 'node_id' | 'url'> & { object: Pick<Schemas['git-ref']['object'], 'sha' | 'type'> } {
  const sha = repo.refs.get(ref) ?? '';
  return { ref: `refs/${ref}`, node_id: ref, url: `${html(repo, '')}git/refs/${ref}`, object: { sha, type: 'commit' } };
}

route('GET', `${REPO}/git/ref/{ref*}`, (repo, { params }) => (repo.refs.has(params.ref ?? '') ? ok(gitRef(repo, params.ref ?? '')) : notFound(`ref ${params.ref}`)));

route('POST', `${REPO}/git/refs`, (repo, { body }) => {
  const { ref, sha } = body as Body<'git/create-ref'>;
  const name = ref.replace(/^refs\//, '');
  if (repo.refs.has(name)) return { status: 422, body: { message: 'Reference already exists' } };
  repo.refs.set(name, sha);
  return ok(gitRef(repo, name), 201);
});

route('PATCH', `${REPO}/git/refs/{ref*}`, (repo, { params, body }) => {
  const { sha } = body as Body<'git/update-ref'>;
  if (!repo.refs.has(params.ref ?? '')) return { status: 422, body: { message: 'Reference does not exist' } };
  repo.refs.set(params.ref ?? '', sha);
  return ok(gitRef(repo, params.ref ?? ''));
});

/** A commit SHA, branch or tag name → commit SHA. */
function resolve(repo: FakeRepository, ref: string): string | undefined {
  if (repo.commits.has(ref)) return ref;
  return repo.refs.get(`heads/${ref}`) ?? repo.refs.get(`tags/${ref}`) ?? repo.refs.get(ref.replace(/^refs\//, ''));
}

route('GET', `${REPO}/git/trees/{tree}`, (repo, { params }) => {
  const commitSha = resolve(repo, params.tree ?? '');
  const treeSha = commitSha ? repo.commit(commitSha).tree : params.tree ?? '';
  const tree = repo.trees.get(treeSha);
  if (!tree) return notFound(`tree ${params.tree}`);
  const body: Pick<Schemas['git-tree'], 'sha' | 'url' | 'truncated'> & { tree: Array<Pick<Schemas['git-tree']['tree'][number], 'path' | 'mode' | 'type' | 'sha' | 'size'>> } = {
    sha: treeSha,
    url: '',
    truncated: false,
    tree: [...tree].map(([path, sha]) => ({ path, mode: '100644', type: 'blob', sha, size: repo.blobs.get(sha)?.length ?? 0 })),
  };
  return ok(body);
});

route('POST', `${REPO}/git/trees`, (repo, { body }) => {
  const { base_tree, tree } = body as Body<'git/create-tree'>;
  const entries = new Map(base_tree ? repo.trees.get(base_tree) : []);
  for (const entry of tree) {
    if (!entry.path) continue;
    if (entry.sha === null) entries.delete(entry.path);
    else if (entry.content !== undefined) entries.set(entry.path, repo.putBlob(entry.content));
    else if (entry.sha) entries.set(entry.path, entry.sha);
  }
  const sha = repo.putTree(entries);
  return ok({ sha, url: '', truncated: false, tree: [] }, 201);
});

route('GET', `${REPO}/git/blobs/{sha}`, (repo, { params }) => {
  const content = repo.blobs.get(params.sha ?? '');
  if (content === undefined) return notFound(`blob ${params.sha}`);
  const body: Pick<Schemas['blob'], 'sha' | 'content' | 'encoding' | 'size' | 'url' | 'node_id'> = {
    sha: params.sha ?? '',
    content: Buffer.from(content).toString('base64'),
    encoding: 'base64',
    size: content.length,
    url: '',
    node_id: '',
  };
  return ok(body);
});

route('POST', `${REPO}/git/commits`, (repo, { body }) => {
  const { message, tree, parents } = body as Body<'git/create-commit'>;
  const commit = repo.putCommit(message, tree, parents ?? []);
  return ok(gitCommit(repo, commit.sha), 201);
});

function gitCommit(repo: FakeRepository, sha: string): Pick<Schemas['git-commit'], 'sha' | 'message' | 'html_url'> & { tree: { sha: string }; parents: Array<{ sha: string }> } {
  const c = repo.commit(sha);
  return { sha, message: c.message, html_url: html(repo, `commit/${sha}`), tree: { sha: c.tree }, parents: c.parents.map((p) => ({ sha: p })) };
}

route('GET', `${REPO}/git/commits/{sha}`, (repo, { params }) => (repo.commits.has(params.sha ?? '') ? ok(gitCommit(repo, params.sha ?? '')) : notFound(`commit ${params.sha}`)));

route('GET', `${REPO}/commits/{ref}`, (repo, { params }) => {
  const sha = resolve(repo, params.ref ?? '');
  if (!sha) return notFound(`commit ${params.ref}`);
  const c = repo.commit(sha);
  const before = c.parents[0] ? repo.files(c.parents[0]) : new Map<string, string>();
  const after = repo.files(sha);
  const files = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).map((filename) => ({ filename }));
  return ok({ sha, commit: { message: c.message, committer: { date: c.date }, author: { date: c.date } }, files, html_url: html(repo, `commit/${sha}`) });
});

route('GET', `${REPO}/tags`, (repo) =>
  ok(
    [...repo.refs]
      .filter(([ref]) => ref.startsWith('tags/'))
      .reverse()
      .map(([ref, sha]): Pick<Schemas['tag'], 'name'> & { commit: Pick<Schemas['tag']['commit'], 'sha'> } => ({ name: ref.slice('tags/'.length), commit: { sha } })),
  ),
);

// --- pull requests -------------------------------------------------------------------------------

function pullView(repo: FakeRepository, p: FakePull) {
  const view: Pick<Schemas['pull-request'], 'number' | 'title' | 'body' | 'state' | 'draft' | 'merged' | 'mergeable' | 'merge_commit_sha' | 'html_url' | 'created_at' | 'updated_at' | 'merged_at' | 'mergeable_state'> & {
    user: Pick<Schemas['simple-user'], 'login'>;
    labels: Array<Pick<Schemas['label'], 'name'>>;
    head: Pick<Schemas['pull-request']['head'], 'ref' | 'sha' | 'label'> & { repo: { full_name: string; fork: boolean } };
    base: Pick<Schemas['pull-request']['base'], 'ref' | 'sha' | 'label'> & { repo: { full_name: string } };
  } = {
    number: p.number,
    title: p.title,
    body: p.body,
    state: p.state,
    draft: p.draft,
    merged: p.merged,
    mergeable: p.mergeable,
    mergeable_state: p.mergeable === false ? 'dirty' : 'clean',
    merge_commit_sha: p.mergeCommitSha,
    html_url: html(repo, `pull/${p.number}`),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    merged_at: p.mergedAt,
    user: { login: p.user },
    labels: p.labels.map((name) => ({ name })),
    head: { ref: p.headRef, sha: p.headSha, label: `${p.headRepo.split('/')[0]}:${p.headRef}`, repo: { full_name: p.headRepo, fork: p.headRepo !== repo.fullName } },
    base: { ref: p.baseRef, sha: repo.refs.get(`heads/${p.baseRef}`) ?? p.baseSha, label: `${repo.owner}:${p.baseRef}`, repo: { full_name: repo.fullName } },
  };
  return view;
}

route('GET', `${REPO}/pulls`, (repo, { query }) => {
  const state = query.get('state') ?? 'open';
  const head = query.get('head');
  const base = query.get('base');
  const pulls = repo.pulls
    .filter((p) => state === 'all' || p.state === state)
    .filter((p) => !head || `${p.headRepo.split('/')[0]}:${p.headRef}` === head)
    .filter((p) => !base || p.baseRef === base)
    .sort((a, b) => b.number - a.number);
  const pageNumber = Number(query.get('page') ?? '1');
  const perPage = Number(query.get('per_page') ?? '30');
  return ok(pulls.slice((pageNumber - 1) * perPage, pageNumber * perPage).map((p) => pullView(repo, p)));
});

route('GET', `${REPO}/pulls/{number}`, (repo, { params }) => {
  const p = repo.pull(Number(params.number));
  return p ? ok(pullView(repo, p)) : notFound(`pull request ${params.number}`);
});

route('GET', `${REPO}/pulls/{number}/files`, (repo, { params }) => {
  const p = repo.pull(Number(params.number));
  return p ? ok(changedFiles(repo, p).map((filename) => ({ filename, status: 'modified' }))) : notFound(`pull request ${params.number}`);
});

route('GET', `${REPO}/pulls/{number}/commits`, (repo, { params }) => {
  const p = repo.pull(Number(params.number));
  if (!p) return notFound(`pull request ${params.number}`);
  const commits = repo.history(p.headSha).filter((c) => !repo.history(p.baseSha).some((b) => b.sha === c.sha));
  return ok(commits.reverse().map((c) => ({ sha: c.sha, commit: { message: c.message, committer: { date: c.date }, author: { date: c.date } } })));
});

route('POST', `${REPO}/pulls`, (repo, { body, login }) => {
  const { title, head, base, body: text, draft } = body as Body<'pulls/create'>;
  const branch = (head ?? '').replace(/^[^:]+:/, '');
  const headSha = repo.refs.get(`heads/${branch}`);
  if (!headSha) return { status: 422, body: { message: `head ${head} does not exist` } };
  const pull = repo.createPull({ title: title ?? '', body: text ?? '', user: login, headRef: branch, headSha, baseRef: base, baseSha: repo.branchSha(base), draft: draft ?? false });
  return ok(pullView(repo, pull), 201);
});

route('PATCH', `${REPO}/pulls/{number}`, (repo, { params, body }) => {
  const p = repo.pull(Number(params.number));
  if (!p) return notFound(`pull request ${params.number}`);
  const { title, body: text, state } = body as Body<'pulls/update'>;
  // release-please force-pushes the release branch, then edits the pull request.
  p.headSha = repo.refs.get(`heads/${p.headRef}`) ?? p.headSha;
  Object.assign(p, { title: title ?? p.title, body: text ?? p.body, state: state ?? p.state, updatedAt: repo.now() });
  return ok(pullView(repo, p));
});

route('PUT', `${REPO}/pulls/{number}/merge`, (repo, { params, body }) => {
  const p = repo.pull(Number(params.number));
  if (!p) return notFound(`pull request ${params.number}`);
  const { sha, merge_method, commit_title, commit_message } = (body ?? {}) as Body<'pulls/merge'>;
  p.headSha = repo.refs.get(`heads/${p.headRef}`) ?? p.headSha;
  if (p.merged || p.state !== 'open' || p.draft || p.mergeable === false) return { status: 405, body: { message: 'Pull Request is not mergeable' } };
  if (sha && sha !== p.headSha) return { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.' } };
  if (merge_method !== 'squash') return { status: 405, body: { message: 'only squash merges are allowed in this repository' } };
  const message = commit_message ? `${commit_title ?? p.title}\n\n${commit_message}` : (commit_title ?? p.title);
  const commit = repo.squashMerge(p, message);
  const answer: Schemas['pull-request-merge-result'] = { sha: commit.sha, merged: true, message: 'Pull Request successfully merged' };
  return ok(answer);
});

// --- issues: comments, labels, reactions --------------------------------------------------------

function commentView(repo: FakeRepository, c: FakeComment): Pick<Schemas['issue-comment'], 'id' | 'body' | 'html_url' | 'created_at' | 'updated_at'> & { user: { login: string } } {
  return { id: c.id, body: c.body, html_url: html(repo, `pull/${c.issueNumber}#issuecomment-${c.id}`), created_at: c.createdAt, updated_at: c.updatedAt, user: { login: c.user } };
}

route('GET', `${REPO}/issues/{number}/comments`, (repo, { params, query }) => {
  const perPage = Number(query.get('per_page') ?? '30');
  const pageNumber = Number(query.get('page') ?? '1');
  const all = repo.comments.filter((c) => c.issueNumber === Number(params.number));
  return ok(all.slice((pageNumber - 1) * perPage, pageNumber * perPage).map((c) => commentView(repo, c)));
});

route('POST', `${REPO}/issues/{number}/comments`, (repo, { params, body, login }) => {
  const { body: text } = body as Body<'issues/create-comment'>;
  return ok(commentView(repo, repo.addComment(Number(params.number), text, login)), 201);
});

route('GET', `${REPO}/issues/comments/{id}`, (repo, { params }) => {
  const c = repo.comments.find((x) => x.id === Number(params.id));
  return c ? ok(commentView(repo, c)) : notFound(`comment ${params.id}`);
});

route('PATCH', `${REPO}/issues/comments/{id}`, (repo, { params, body }) => {
  const c = repo.comments.find((x) => x.id === Number(params.id));
  if (!c) return notFound(`comment ${params.id}`);
  Object.assign(c, { body: (body as Body<'issues/update-comment'>).body, updatedAt: repo.now() });
  return ok(commentView(repo, c));
});

route('POST', `${REPO}/issues/comments/{id}/reactions`, (repo, { params, body, login }) => {
  if (!repo.comments.some((c) => c.id === Number(params.id))) return notFound(`comment ${params.id}`);
  const { content } = body as Body<'reactions/create-for-issue-comment'>;
  const reaction = { id: repo.nextId(), commentId: Number(params.id), content, user: login };
  repo.reactions.push(reaction);
  const view: Pick<Schemas['reaction'], 'id' | 'content'> = { id: reaction.id, content };
  return ok(view, 201);
});

route('POST', `${REPO}/issues/{number}/labels`, (repo, { params, body, login }) => {
  const p = repo.pull(Number(params.number));
  if (!p) return notFound(`issue ${params.number}`);
  const requested = body as Body<'issues/add-labels'>;
  const names = Array.isArray(requested) ? requested : (requested as { labels?: unknown[] }).labels ?? [];
  for (const label of names.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name))) repo.addLabel(p, label, login);
  return ok(p.labels.map((name) => ({ name })));
});

route('DELETE', `${REPO}/issues/{number}/labels/{name}`, (repo, { params, login }) => {
  const p = repo.pull(Number(params.number));
  if (!p?.labels.includes(params.name ?? '')) return notFound(`label ${params.name}`);
  p.labels = p.labels.filter((l) => l !== params.name);
  repo.labelEvents.push({ id: repo.nextId(), issueNumber: p.number, event: 'unlabeled', label: params.name ?? '', actor: login, createdAt: repo.now() });
  return ok(p.labels.map((name) => ({ name })));
});

function labelEventView(repo: FakeRepository, e: FakeLabelEvent): Pick<Schemas['labeled-issue-event'], 'id' | 'event' | 'created_at' | 'commit_id'> & { actor: { login: string }; label: { name: string; color: string } } {
  return { id: e.id, event: e.event, created_at: e.createdAt, commit_id: null, actor: { login: e.actor }, label: { name: e.label, color: 'ededed' } };
}

route('GET', `${REPO}/issues/{number}/events`, (repo, { params, query }) => {
  const perPage = Number(query.get('per_page') ?? '30');
  const pageNumber = Number(query.get('page') ?? '1');
  const all = repo.labelEvents.filter((e) => e.issueNumber === Number(params.number));
  return ok(all.slice((pageNumber - 1) * perPage, pageNumber * perPage).map((e) => labelEventView(repo, e)));
});

// --- releases, permissions, checks, workflows --------------------------------------------------

function releaseView(repo: FakeRepository, r: FakeRelease): Pick<Schemas['release'], 'id' | 'tag_name' | 'name' | 'body' | 'draft' | 'prerelease' | 'html_url' | 'upload_url' | 'target_commitish' | 'created_at'> {
  return {
    id: r.id,
    tag_name: r.tagName,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    html_url: html(repo, `releases/tag/${r.tagName}`),
    upload_url: '',
    target_commitish: r.targetCommitish,
    created_at: r.createdAt,
  };
}

route('POST', `${REPO}/releases`, (repo, { body }) => {
  const { tag_name, target_commitish, name, body: text, draft, prerelease } = body as Body<'repos/create-release'>;
  if (repo.releases.some((r) => r.tagName === tag_name)) return { status: 422, body: { message: 'Validation Failed', errors: [{ code: 'already_exists', field: 'tag_name' }] } };
  const sha = resolve(repo, target_commitish ?? repo.defaultBranch);
  if (!sha) return { status: 422, body: { message: `target_commitish ${target_commitish} does not exist` } };
  if (!repo.refs.has(`tags/${tag_name}`)) repo.refs.set(`tags/${tag_name}`, sha);
  const release: FakeRelease = { id: repo.nextId(), tagName: tag_name, targetCommitish: sha, name: name ?? tag_name, body: text ?? '', draft: draft ?? false, prerelease: prerelease ?? false, createdAt: repo.now() };
  repo.releases.push(release);
  return ok(releaseView(repo, release), 201);
});

route('GET', `${REPO}/releases/latest`, (repo) => {
  const latest = repo.releases.filter((r) => !r.draft && !r.prerelease).at(-1);
  return latest ? ok(releaseView(repo, latest)) : notFound('latest release');
});

route('GET', `${REPO}/compare/{basehead}`, (repo, { params }) => {
  const [base, head] = (params.basehead ?? '').split('...');
  const baseSha = resolve(repo, base ?? '');
  const headSha = resolve(repo, head ?? '');
  if (!baseSha || !headSha) return notFound(`compare ${params.basehead}`);
  const ahead = repo.history(headSha).findIndex((c) => c.sha === baseSha);
  const behind = repo.history(baseSha).findIndex((c) => c.sha === headSha);
  const status = baseSha === headSha ? 'identical' : ahead >= 0 ? 'ahead' : behind >= 0 ? 'behind' : 'diverged';
  const body: Pick<Schemas['commit-comparison'], 'status' | 'ahead_by' | 'behind_by' | 'html_url'> = {
    status,
    ahead_by: Math.max(ahead, 0),
    behind_by: Math.max(behind, 0),
    html_url: html(repo, `compare/${params.basehead}`),
  };
  return ok(body);
});

route('GET', `${REPO}/releases/tags/{tag}`, (repo, { params }) => {
  const r = repo.releases.find((x) => x.tagName === params.tag);
  return r ? ok(releaseView(repo, r)) : notFound(`release ${params.tag}`);
});

route('GET', `${REPO}/collaborators/{user}/permission`, (repo, { params }) => {
  const permission = repo.permissions.get(params.user ?? '') ?? 'none';
  const body: Pick<Schemas['repository-collaborator-permission'], 'permission' | 'role_name'> & { user: { login: string } } = {
    // The REST API folds maintain into write and triage into read; role_name keeps the real role.
    permission: permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission,
    role_name: permission,
    user: { login: params.user ?? '' },
  };
  return ok(body);
});

route('GET', `${REPO}/commits/{ref}/check-runs`, (repo, { params }) => {
  const sha = resolve(repo, params.ref ?? '');
  const runs = repo.checkRuns.filter((r) => r.sha === sha);
  const body: { total_count: number; check_runs: Array<Pick<Schemas['check-run'], 'id' | 'name' | 'status' | 'conclusion' | 'head_sha' | 'html_url'>> } = {
    total_count: runs.length,
    check_runs: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, conclusion: r.conclusion, head_sha: r.sha, html_url: html(repo, `runs/${r.id}`) })),
  };
  return ok(body);
});

route('GET', `${REPO}/commits/{ref}/check-suites`, (repo, { params, query }) => {
  const sha = resolve(repo, params.ref ?? '');
  const suites = repo.checkSuites.filter((suite) => suite.sha === sha);
  const perPage = Number(query.get('per_page') ?? '30');
  const pageNumber = Number(query.get('page') ?? '1');
  const body: {
    total_count: number;
    check_suites: Array<Pick<Schemas['check-suite'], 'id' | 'head_sha' | 'head_branch' | 'status' | 'conclusion' | 'created_at' | 'updated_at' | 'latest_check_runs_count'> & { app: Pick<NonNullable<Schemas['nullable-integration']>, 'slug'> }>;
  } = {
    total_count: suites.length,
    check_suites: suites.slice((pageNumber - 1) * perPage, pageNumber * perPage).map((suite) => {
      const runs = repo.checkRuns.filter((run) => run.sha === suite.sha);
      return {
        id: suite.id,
        head_sha: suite.sha,
        head_branch: suite.headBranch,
        status: runs.every((run) => run.status === 'completed') ? 'completed' : 'in_progress',
        conclusion: null,
        created_at: suite.createdAt,
        updated_at: suite.createdAt,
        latest_check_runs_count: runs.length,
        app: { slug: suite.app },
      };
    }),
  };
  return ok(body);
});

route('GET', `${REPO}/commits/{ref}/status`, (repo, { params }) => {
  const sha = resolve(repo, params.ref ?? '') ?? '';
  const statuses = repo.statuses.filter((s) => s.sha === sha);
  const state = statuses.length === 0 || statuses.every((s) => s.state === 'success') ? 'success' : statuses.some((s) => s.state === 'pending') ? 'pending' : 'failure';
  const body: Pick<Schemas['combined-commit-status'], 'state' | 'sha' | 'total_count'> & { statuses: Array<Pick<Schemas['simple-commit-status'], 'id' | 'context' | 'state'>> } = {
    state,
    sha,
    total_count: statuses.length,
    statuses: statuses.map((s) => ({ id: s.id, context: s.context, state: s.state })),
  };
  return ok(body);
});

// Newest first, paged, as GitHub lists them (several per context when a status was updated).
route('GET', `${REPO}/commits/{ref}/statuses`, (repo, { params, query }) => {
  const sha = resolve(repo, params.ref ?? '') ?? '';
  const perPage = Number(query.get('per_page') ?? '30');
  const pageNumber = Number(query.get('page') ?? '1');
  const all = repo.statuses.filter((s) => s.sha === sha).reverse();
  const page: Array<Pick<Schemas['status'], 'id' | 'context' | 'state'>> = all.slice((pageNumber - 1) * perPage, pageNumber * perPage).map((s) => ({ id: s.id, context: s.context, state: s.state }));
  return ok(page);
});

route('POST', `${REPO}/actions/workflows/{workflow}/dispatches`, (repo, { params, body }) => {
  const { ref, inputs, return_run_details } = body as Body<'actions/create-workflow-dispatch'>;
  const runId = repo.nextId();
  repo.dispatches.push({ workflow: params.workflow ?? '', ref, inputs: Object.fromEntries(Object.entries(inputs ?? {}).map(([k, v]) => [k, String(v)])), runId });
  if (!return_run_details) return { status: 204 };
  const details: Schemas['workflow-dispatch-response'] = { workflow_run_id: runId, run_url: `https://api.github.com/repos/${repo.fullName}/actions/runs/${runId}`, html_url: html(repo, `actions/runs/${runId}`) };
  return ok(details);
});

route('GET', `${REPO}/actions/workflows/{workflow}/runs`, (repo, { params }) => {
  const runs = repo.dispatches.filter((d) => d.workflow === params.workflow).reverse();
  return ok({
    total_count: runs.length,
    workflow_runs: runs.map((d): Pick<Schemas['workflow-run'], 'id' | 'html_url' | 'event' | 'head_branch'> => ({ id: d.runId, html_url: html(repo, `actions/runs/${d.runId}`), event: 'workflow_dispatch', head_branch: d.ref })),
  });
});

route('POST', `${REPO}/code-scanning/sarifs`, (repo, { body }) => {
  const { commit_sha: commitSha, ref, sarif } = body as Body<'code-scanning/upload-sarif'>;
  if (!/^[0-9a-f]{40}$/.test(commitSha) || !ref.startsWith('refs/')) return { status: 422, body: { message: 'commit_sha and a fully qualified ref are required' } };
  let decoded: unknown;
  try {
    decoded = JSON.parse(gunzipSync(Buffer.from(sarif, 'base64')).toString('utf8'));
  } catch {
    return { status: 400, body: { message: 'sarif must be gzip-compressed, base64-encoded SARIF' } };
  }
  const id = `sarif-${repo.nextId()}`;
  repo.sarifUploads.push({ id, commitSha, ref, sarif: decoded });
  const receipt: Schemas['code-scanning-sarifs-receipt'] = { id, url: `https://api.github.com/repos/${repo.fullName}/code-scanning/sarifs/${id}` };
  return ok(receipt, 202);
});
