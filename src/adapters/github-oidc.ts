/**
 * What GitHub says about a repository's OIDC subjects: its ids, its subject customisation
 * (`sub_claim_prefix`, `use_immutable_subject`) and the environment variables the workflows
 * read (`DATABRICKS_HOST`). Every call may be refused: the caller hears why.
 */
import type { SubCustomization } from '../core/oidc/setup-plan.js';
import type { RepositoryIdentity } from '../core/oidc/subject.js';
import { connectionFromEnv, createGitHubClient, type GitHubClient, type RepositoryRef } from './github.js';

export interface RepositoryOidc {
  identity: RepositoryIdentity;
  customization: SubCustomization | null;
  /** Why the customisation is unknown, when it is. */
  why: string;
  /** An environment's variable, or null when it cannot be read. */
  environmentVariable(environment: string, name: string): Promise<string | null>;
}

const statusOf = (error: unknown): number | undefined => (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number' ? error.status : undefined);

export async function readRepositoryOidc(env: NodeJS.ProcessEnv, repo: RepositoryRef): Promise<RepositoryOidc> {
  const identity: RepositoryIdentity = { owner: repo.owner, repo: repo.repo };
  if (!env.GITHUB_TOKEN && !env.GH_TOKEN) {
    return { identity, customization: null, why: 'no GitHub token to ask with (set GITHUB_TOKEN or GH_TOKEN)', environmentVariable: async () => null };
  }
  const client: GitHubClient = createGitHubClient(connectionFromEnv(env));
  let why = '';
  try {
    const { data } = await client.rest.repos.get({ owner: repo.owner, repo: repo.repo });
    identity.repoId = data.id;
    identity.ownerId = data.owner.id;
  } catch (error) {
    why = `GitHub answered ${statusOf(error) ?? 'nothing'} for the repository`;
  }
  let customization: SubCustomization | null = null;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/actions/oidc/customization/sub', { owner: repo.owner, repo: repo.repo });
    customization = data;
  } catch (error) {
    why ||= `GitHub answered ${statusOf(error) ?? 'nothing'} for its OIDC subject settings (the token needs read access to the repository's Actions settings)`;
  }
  return {
    identity,
    customization,
    why,
    environmentVariable: async (environment, name) => {
      try {
        const { data } = await client.request('GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}', { owner: repo.owner, repo: repo.repo, environment_name: environment, name });
        return data.value;
      } catch {
        return null;
      }
    },
  };
}
