import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { githubSubject } from '../../../src/core/federation.js';
import { DEFAULT_REQUIRED_CHECKS } from '../../../src/core/release/settings.js';
import { startGitHubOidc, type GitHubOidc } from '../../fakes/github-oidc.js';
import { treeObjects } from '../../fakes/github/git-objects.js';
import { FakeRepository, type FakePull } from '../../fakes/github/model.js';
import { FakeGitHub } from '../../fakes/github/server.js';
import { BINARY, dataops, ROOT } from '../../helpers/binary.js';
import { ReleaseServer, tarXz } from '../../helpers/release-server.js';
import { python, tool } from '../../helpers/tools.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { runAct, type ActRun } from './act.js';

export const OWNER = 'acme';
export const REPOSITORY = 'sales';
export const BOT_TOKEN = 'ghs_lifecycle_bot_token';
/** Before the fake GitHub's clock starts, so its comments are newer than every pushed commit (as on GitHub). */
const GIT_DATE = '2026-02-01T09:00:00Z';
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Principal {
  id: string;
  applicationId: string;
}

/**
 * Everything a project's workflows meet on GitHub, run here: a bare `origin`, the fake GitHub
 * API, GitHub's OIDC token service, `dataops local` with a staging and a production service
 * principal (each with a federation policy for its environment), a Teams receiver and a
 * release host serving the built dataops binary to the dataops action.
 */
export class World {
  readonly work = mkdtempSync(path.join(os.tmpdir(), 'dataops-lifecycle-'));
  readonly origin = path.join(this.work, 'origin.git');
  readonly dev = path.join(this.work, 'dev');
  readonly logs = path.join(ROOT, 'reports', 'lifecycle');
  readonly dataopsAction = path.join(this.work, 'dataops-action');
  readonly github = new FakeGitHub(new FakeRepository(OWNER, REPOSITORY));
  readonly teams = new WebhookReceiver();
  private readonly releases = new ReleaseServer();
  oidc!: GitHubOidc;
  host = '';
  developerToken = '';
  principals: Record<'staging' | 'production', Principal> = { staging: { id: '', applicationId: '' }, production: { id: '', applicationId: '' } };
  private downloadUrl = '';
  private runs = 0;
  readonly timings: Array<{ name: string; seconds: number }> = [];

  async start(): Promise<void> {
    rmSync(this.logs, { recursive: true, force: true });
    mkdirSync(this.dataopsAction);
    for (const file of ['action.yml', 'install.sh']) copyFileSync(path.join(ROOT, file), path.join(this.dataopsAction, file));
    this.github.repo.permissions.set('dana', 'admin');
    this.github.token(BOT_TOKEN);
    // What GitHub's API changes (a merge, release-please's branch, a release tag) is in the repository the runners fetch from.
    this.github.repo.refs.watch((ref, sha) => {
      if (!ref.startsWith('tags/') && !ref.startsWith('heads/')) return;
      this.mirror(sha);
      this.git(this.origin, 'update-ref', `refs/${ref}`, sha);
    });
    await this.github.start();
    this.oidc = await startGitHubOidc();
    await this.teams.start();
    // As scripts/build.mjs --release packs it (DuckDB is inside the test build, so no DuckDB asset).
    const asset = tarXz({ dataops: readFileSync(BINARY) });
    this.releases.publish(VERSION, {
      'dataops-linux-x64.tar.xz': asset,
      SHA256SUMS: Buffer.from(`${createHash('sha256').update(asset).digest('hex')}  dataops-linux-x64.tar.xz\n`),
    });
    this.downloadUrl = await this.releases.start();

    const up = dataops(['local', 'up', '--data-dir', path.join(this.work, 'local'), '--detach']);
    if (up.code !== 0) throw new Error(up.stderr);
    this.host = up.stdout.trim();
    this.developerToken = /^export DATABRICKS_TOKEN=(\S+)$/m.exec(dataops(['local', 'env', '--data-dir', path.join(this.work, 'local')]).stdout)?.[1] ?? '';
    const { account_id: accountId } = (await (await fetch(`${this.host}/.well-known/databricks-config`)).json()) as { account_id: string };
    // As docs/blueprint.md sets them up: production's principal also trusts the nightly drift check's environment.
    const trusts = { staging: ['staging'], production: ['production', 'production-drift', 'production-plan'] } as const;
    for (const [role, displayName] of [['staging', `${REPOSITORY}-staging-deployer`], ['production', `${REPOSITORY}-deployer`]] as const) {
      const principal = (await this.workspace('POST', '/api/2.0/preview/scim/v2/ServicePrincipals', { displayName })) as Principal;
      this.principals[role] = principal;
      for (const environment of trusts[role]) {
        await this.workspace('POST', `/api/2.0/accounts/${accountId}/servicePrincipals/${principal.id}/federationPolicies`, {
          oidc_policy: {
            issuer: this.oidc.issuer,
            audiences: [`${this.host}/oidc/v1/token`],
            subject: githubSubject({ owner: OWNER, repository: REPOSITORY, context: `environment:${environment}` }),
          },
        });
      }
    }

    const made = dataops(['init', this.dev, '--name', REPOSITORY]);
    if (made.code !== 0) throw new Error(made.stderr);
    await this.seedProductionTable();
    this.git(this.work, 'init', '-q', '--bare', '-b', 'main', this.origin);
    this.git(this.origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    this.git(this.dev, 'init', '-q', '-b', 'main');
    this.git(this.dev, 'add', '-A');
    this.git(this.dev, 'commit', '-q', '-m', 'chore: start the sales project from the dataops blueprint');
    this.git(this.dev, 'remote', 'add', 'origin', this.origin);
    this.git(this.dev, 'push', '-q', 'origin', 'main');
  }

  /** Production's table holds what its pipeline would have written, so the latency objectives have rows to read. */
  private async seedProductionTable(): Promise<void> {
    const { warehouses } = (await this.workspace('GET', '/api/2.0/sql/warehouses')) as { warehouses: Array<{ id: string }> };
    for (const statement of [
      `CREATE SCHEMA IF NOT EXISTS main.${REPOSITORY}`,
      `CREATE TABLE main.${REPOSITORY}.daily_sales AS SELECT date_sub(current_date(), CAST(id AS INT)) AS order_date, 100.0 + id AS revenue, 10 + id AS orders FROM range(0, 30) AS days(id)`,
    ]) {
      const result = (await this.workspace('POST', '/api/2.0/sql/statements', { statement, warehouse_id: warehouses[0]?.id, wait_timeout: '30s' })) as { status: { state: string; error?: { message: string } } };
      if (result.status.state !== 'SUCCEEDED') throw new Error(`${statement}: ${result.status.error?.message ?? result.status.state}`);
    }
  }

  async stop(): Promise<void> {
    dataops(['local', 'down', '--data-dir', path.join(this.work, 'local')]);
    await Promise.all([this.github.stop(), this.oidc.close(), this.teams.stop(), this.releases.stop()]);
    rmSync(this.work, { recursive: true, force: true });
  }

  /** git with a fixed identity and no user or system configuration. */
  git(cwd: string, ...args: string[]): string {
    const result = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Dana Engineer', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Engineer', GIT_COMMITTER_EMAIL: 'dana@example.com', GIT_AUTHOR_DATE: GIT_DATE, GIT_COMMITTER_DATE: GIT_DATE },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  async workspace(method: string, url: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.host}${url}`, {
      method,
      headers: { Authorization: `Bearer ${this.developerToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** Writes a commit the fake GitHub made (and what it needs) into the bare origin, under the same SHAs. */
  private mirror(sha: string): void {
    const repo = this.github.repo;
    const missing = (shas: readonly string[]): Set<string> => {
      const answer = spawnSync('git', ['cat-file', '--batch-check'], { cwd: this.origin, input: `${shas.join('\n')}\n`, encoding: 'utf8' }).stdout;
      return new Set(answer.split('\n').filter((line) => line.endsWith(' missing')).map((line) => line.split(' ')[0] ?? ''));
    };
    const write = (object: { type: string; body: Buffer; sha: string }): void => {
      const stored = spawnSync('git', ['hash-object', '-w', '-t', object.type, '--stdin'], { cwd: this.origin, input: object.body, encoding: 'utf8' }).stdout.trim();
      if (stored !== object.sha) throw new Error(`git stored ${object.type} ${object.sha} as ${stored}`);
    };
    const pending = [sha];
    while (pending.length > 0) {
      const current = pending.pop() ?? '';
      if (!missing([current]).has(current)) continue;
      const commit = repo.commit(current);
      const files = repo.trees.get(commit.tree) ?? new Map<string, string>();
      for (const blob of missing([...files.values()])) {
        const object = repo.objects.get(blob);
        if (!object) throw new Error(`the fake GitHub has no object for blob ${blob}`);
        write(object);
      }
      for (const object of treeObjects(files)) write(object);
      const object = repo.objects.get(current);
      if (!object) throw new Error(`the fake GitHub has no object for commit ${current}`);
      pending.push(...commit.parents);
      write(object);
    }
  }

  /** Logs of a passing run are not kept. */
  discardLogs(): void {
    rmSync(this.logs, { recursive: true, force: true });
  }

  /**
   * Makes the fake GitHub hold what the bare origin holds, with the same SHAs: every commit,
   * its files, and the branch and tag refs.
   */
  syncToFake(): void {
    const repo = this.github.repo;
    const refs = this.git(this.origin, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags').split('\n').filter(Boolean);
    for (const line of this.git(this.origin, 'rev-list', '--reverse', '--all').split('\n').filter(Boolean)) {
      if (repo.commits.has(line)) continue;
      const [tree = '', parents = '', authorName = '', authorEmail = '', date = '', ...message] = this.git(this.origin, 'show', '-s', '--format=%T%n%P%n%an%n%ae%n%aI%n%B', line).split('\n');
      if (!repo.trees.has(tree)) {
        const entries = new Map<string, string>();
        for (const entry of this.git(this.origin, 'ls-tree', '-r', tree).split('\n').filter(Boolean)) {
          const [meta = '', file = ''] = entry.split('\t');
          const blob = meta.split(' ')[2] ?? '';
          if (!repo.blobs.has(blob)) repo.blobs.set(blob, spawnSync('git', ['cat-file', 'blob', blob], { cwd: this.origin, encoding: 'utf8' }).stdout);
          entries.set(file, blob);
        }
        repo.trees.set(tree, entries);
      }
      repo.commits.set(line, { sha: line, tree, parents: parents.split(' ').filter(Boolean), message: message.join('\n').trim(), author: { name: authorName, email: authorEmail, login: 'dana' }, date });
    }
    for (const line of refs) {
      const [ref = '', sha = ''] = line.split(' ');
      repo.refs.set(ref.replace(/^refs\//, ''), ref.startsWith('refs/tags/') ? this.git(this.origin, 'rev-parse', `${sha}^{commit}`) : sha);
    }
  }

  /**
   * A developer's change: a branch from main as origin has it now, the files written and
   * committed with the title as message, pushed, and its pull request opened with GitHub's
   * refs/pull/N/head and test merge refs/pull/N/merge. From a fork (`from`), the branch lives
   * in the fork: this repository has only refs/pull/N/head, as on GitHub.
   */
  proposeChange(branch: string, files: Record<string, string>, title: string, from = `${OWNER}/${REPOSITORY}`): FakePull & { mergeSha: string } {
    this.git(this.dev, 'fetch', '-q', 'origin');
    this.git(this.dev, 'checkout', '-q', '-B', branch, 'origin/main');
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.dev, file)), { recursive: true });
      writeFileSync(path.join(this.dev, file), content);
    }
    this.git(this.dev, 'add', '-A');
    this.git(this.dev, 'commit', '-q', '-m', title);
    const fork = from !== `${OWNER}/${REPOSITORY}`;
    if (!fork) this.git(this.dev, 'push', '-q', '-f', 'origin', branch);
    const baseSha = this.git(this.origin, 'rev-parse', 'main');
    const headSha = this.git(this.dev, 'rev-parse', 'HEAD');
    const pull = this.github.repo.createPull({ title, headRef: branch, headSha, baseRef: 'main', baseSha, user: fork ? from.split('/')[0] : 'dana', headRepo: from });
    this.git(this.dev, 'push', '-q', '-f', 'origin', `HEAD:refs/pull/${pull.number}/head`);
    this.syncToFake();
    const merger = path.join(this.work, `merge-${pull.number}`);
    this.git(this.work, 'clone', '-q', this.origin, merger);
    this.git(merger, 'fetch', '-q', 'origin', headSha);
    this.git(merger, 'checkout', '-q', '--detach', baseSha);
    this.git(merger, 'merge', '-q', '--no-ff', '-m', `Merge ${headSha} into ${baseSha}`, headSha);
    const mergeSha = this.git(merger, 'rev-parse', 'HEAD');
    this.git(merger, 'push', '-q', 'origin', `HEAD:refs/pull/${pull.number}/merge`);
    rmSync(merger, { recursive: true, force: true });
    return Object.assign(pull, { mergeSha });
  }

  /** A proposed change whose checks went green: the blueprint's Lint jobs, which /release requires by default. */
  greenPull(branch: string, files: Record<string, string>, title: string): FakePull {
    const pull = this.proposeChange(branch, files, title);
    for (const name of DEFAULT_REQUIRED_CHECKS) this.github.repo.addCheckRun(pull.headSha, name, 'success');
    return pull;
  }

  /**
   * Squash-merges a pull request as GitHub's button does (its title and number as the message),
   * on the fake GitHub, which mirrors the commit into origin; returns the push to main.
   */
  mergePull(pull: FakePull): { before: string; after: string } {
    const before = this.github.repo.branchSha(pull.baseRef);
    const { sha: after } = this.github.repo.squashMerge(pull, `${pull.title} (#${pull.number})`);
    return { before, after };
  }

  pushEvent(push: { before: string; after: string }, ref = 'refs/heads/main'): Record<string, unknown> {
    const [, message = ''] = this.git(this.origin, 'show', '-s', '--format=%H%n%B', push.after).split('\n');
    return { ref, before: push.before, after: push.after, created: false, deleted: false, forced: false, head_commit: { id: push.after, message }, repository: this.repositoryPayload(), pusher: { name: 'dana' }, sender: { login: 'dana' } };
  }

  /** The event of a run started by hand (or by a workflow dispatch) on a branch. */
  dispatchEvent(workflow: string, ref = 'refs/heads/main', inputs: Record<string, string> = {}, sender = 'dana'): Record<string, unknown> {
    return { ref, inputs, repository: this.repositoryPayload(), sender: { login: sender }, workflow: `.github/workflows/${workflow}` };
  }

  pullRequestEvent(pull: FakePull, action = 'opened'): Record<string, unknown> {
    const side = (ref: string, sha: string, repository = `${OWNER}/${REPOSITORY}`) => ({ ref, sha, repo: this.repositoryPayload(repository) });
    return {
      action,
      number: pull.number,
      pull_request: {
        number: pull.number,
        title: pull.title,
        body: pull.body,
        state: pull.state,
        draft: pull.draft,
        user: { login: pull.user },
        html_url: `https://github.com/${OWNER}/${REPOSITORY}/pull/${pull.number}`,
        head: side(pull.headRef, pull.headSha, pull.headRepo),
        base: side(pull.baseRef, pull.baseSha),
      },
      repository: this.repositoryPayload(),
      sender: { login: pull.user },
    };
  }

  repositoryPayload(fullName = `${OWNER}/${REPOSITORY}`): Record<string, unknown> {
    const [owner = '', name = ''] = fullName.split('/');
    return { full_name: fullName, name, owner: { login: owner }, default_branch: 'main', html_url: `https://github.com/${fullName}`, fork: fullName !== `${OWNER}/${REPOSITORY}` };
  }

  /**
   * Runs a workflow as GitHub would for an event on `sha`: in a fresh clone at that commit
   * (the runner's workspace), with the environment's service principal as DATABRICKS_CLIENT_ID
   * and ID tokens whose subject names the environment.
   */
  async act(name: string, options: { workflow: string; event: string; payload: Record<string, unknown>; sha: string; environment?: 'staging' | 'production' | 'production-drift'; actor?: string; inputs?: Record<string, string>; env?: Record<string, string>; secrets?: Record<string, string> }): Promise<ActRun & { workdir: string }> {
    const workdir = path.join(this.work, `runner-${++this.runs}`);
    this.git(this.work, 'clone', '-q', this.origin, workdir);
    this.git(workdir, 'checkout', '-q', '--detach', options.sha);
    this.git(workdir, 'remote', 'add', 'github', `https://github.com/${OWNER}/${REPOSITORY}.git`);
    const home = path.join(workdir, '..', `home-${this.runs}`);
    mkdirSync(home, { recursive: true });
    const environment = options.environment ?? 'staging';
    const run = await runAct({
      workdir,
      workflow: options.workflow,
      event: options.event,
      payload: options.payload,
      actor: options.actor,
      inputs: options.inputs,
      dataopsAction: this.dataopsAction,
      logFile: path.join(this.logs, `${String(this.runs).padStart(2, '0')}-${name}.log`),
      processEnv: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home },
      env: {
        GITHUB_API_URL: this.github.apiUrl,
        GITHUB_GRAPHQL_URL: this.github.graphqlUrl,
        DATAOPS_DOWNLOAD_URL: this.downloadUrl,
        DATAOPS_TEST_GIT_ORIGIN: this.origin,
        DATAOPS_TEST_PYTHON_VENV: path.dirname(path.dirname(python())),
        DATAOPS_TEST_DATABRICKS_CLI: tool('databricks'),
        DATAOPS_TEST_ARTIFACTS: path.join(this.work, `artifacts-${this.runs}`),
        DATAOPS_TEST_REPO_ROOT: ROOT,
        DATABRICKS_CONFIG_FILE: path.join(home, '.databrickscfg'),
        ...this.oidc.jobEnv({ sub: githubSubject({ owner: OWNER, repository: REPOSITORY, context: `environment:${environment}` }), repository: `${OWNER}/${REPOSITORY}` }),
        ...options.env,
      },
      secrets: { GITHUB_TOKEN: BOT_TOKEN, TEAMS_WEBHOOK_URL: this.teams.url('/workflows/lifecycle/triggers/manual/paths/invoke?sig=secret-signature'), ...options.secrets },
      // act has no per-environment variables: the plan job (environment production-plan) signs in as the production principal, not a read-only reader.
      vars: { DATABRICKS_HOST: this.host, DATABRICKS_CLIENT_ID: this.principals[environment === 'staging' ? 'staging' : 'production'].applicationId, DEPLOY_CLIENT_ID: this.principals.production.applicationId },
    });
    this.timings.push({ name, seconds: run.seconds });
    return { ...run, workdir };
  }
}
