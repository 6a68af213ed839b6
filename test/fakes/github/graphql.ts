import { schema as published } from '@octokit/graphql-schema';
import { buildClientSchema, graphql, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import type { FakeCommit, FakePull, FakeRepository } from './model.js';

/**
 * GitHub's GraphQL endpoint over GitHub's published schema: every query is parsed and
 * validated against the real schema by graphql-js, then answered from the fake repository.
 */
let schema: GraphQLSchema | undefined;

function githubSchema(): GraphQLSchema {
  // The introspection result, as the package's own validate() uses (its IDL file repeats two fields).
  schema ??= buildClientSchema(published.json as IntrospectionQuery);
  return schema;
}

export interface GraphQLAnswer {
  data?: unknown;
  errors?: Array<{ message: string }>;
}

export async function answerGraphQL(repo: FakeRepository, query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer> {
  const result = await graphql({ schema: githubSchema(), source: query, variableValues: variables, rootValue: root(repo) });
  return { data: result.data ?? undefined, errors: result.errors?.map((e) => ({ message: e.message })) };
}

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Cursor pagination over a list: the cursor is the index after the page. */
function page<T>(items: readonly T[], first: number, after?: string | null): Page<T> {
  const start = after ? Number(after) : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length;
  return { nodes, pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length > 0 ? String(end) : null } };
}

function root(repo: FakeRepository): object {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => (owner === repo.owner && name === repo.repo ? repository(repo) : null),
  };
}

function repository(repo: FakeRepository): object {
  return {
    __typename: 'Repository',
    name: repo.repo,
    nameWithOwner: repo.fullName,
    ref: ({ qualifiedName }: { qualifiedName: string }) => {
      const name = qualifiedName.replace(/^refs\//, '');
      const sha = repo.refs.get(name) ?? repo.refs.get(`heads/${name}`);
      return sha ? { __typename: 'Ref', name, target: commit(repo, repo.commit(sha)) } : null;
    },
    pullRequests: (args: { first: number; after?: string; baseRefName?: string; states?: string[] }) => {
      const pulls = repo.pulls
        .filter((p) => !args.baseRefName || p.baseRef === args.baseRefName)
        .filter((p) => !args.states || args.states.includes(pullState(p)))
        .sort((a, b) => b.number - a.number);
      return page(pulls.map((p) => pullRequest(repo, p)), args.first, args.after);
    },
    releases: (args: { first: number; after?: string }) =>
      page(
        [...repo.releases].reverse().map((r) => ({
          __typename: 'Release',
          name: r.name,
          tag: repo.tagOf(r.tagName) ? { __typename: 'Ref', name: r.tagName } : null,
          tagCommit: repo.tagOf(r.tagName) ? { __typename: 'Commit', oid: repo.tagOf(r.tagName) } : null,
          url: `https://github.com/${repo.fullName}/releases/tag/${r.tagName}`,
          description: r.body,
          isDraft: r.draft,
        })),
        args.first,
        args.after,
      ),
  };
}

function commit(repo: FakeRepository, c: FakeCommit): object {
  return {
    __typename: 'Commit',
    oid: c.sha,
    message: c.message,
    author: { name: c.author.name, email: c.author.email, user: { login: c.author.login } },
    history: (args: { first: number; after?: string }) => page(repo.history(c.sha).map((h) => commit(repo, h)), args.first, args.after),
    associatedPullRequests: (args: { first: number }) =>
      page(repo.pulls.filter((p) => p.mergeCommitSha === c.sha || p.headSha === c.sha).map((p) => pullRequest(repo, p)), args.first),
  };
}

function pullState(p: FakePull): string {
  return p.merged ? 'MERGED' : p.state === 'open' ? 'OPEN' : 'CLOSED';
}

function pullRequest(repo: FakeRepository, p: FakePull): object {
  return {
    __typename: 'PullRequest',
    number: p.number,
    title: p.title,
    body: p.body,
    baseRefName: p.baseRef,
    headRefName: p.headRef,
    labels: (args: { first: number }) => page(p.labels.map((name) => ({ __typename: 'Label', name })), args.first),
    mergeCommit: p.mergeCommitSha ? { __typename: 'Commit', oid: p.mergeCommitSha } : null,
    files: (args: { first?: number }) => page(changedFiles(repo, p).map((path) => ({ __typename: 'PullRequestChangedFile', path })), args.first ?? 100),
  };
}

/** Paths a pull request changes, from its branch point to its head. */
export function changedFiles(repo: FakeRepository, p: FakePull): string[] {
  const before = repo.trees.get(repo.commit(repo.forkPoint(p)).tree) ?? new Map<string, string>();
  const after = repo.trees.get(repo.commit(p.headSha).tree) ?? new Map<string, string>();
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}
