import kleur from 'kleur';
import { ExternalError, UsageError } from '../../core/errors.js';
import { workspaceTokenAudience as tokenEndpoint, type SubjectFormat } from '../../core/oidc/subject.js';
import { defineCommand } from '../command.js';

interface SetupOidcArgs {
  repo?: string;
  'subject-format'?: SubjectFormat;
  'owner-id'?: number;
  'repo-id'?: number;
  audience?: string;
  host?: string;
  'service-principal'?: string[];
  create: boolean;
}

export default defineCommand<SetupOidcArgs>({
  command: 'oidc',
  describe: 'Print (and with --create make) the Databricks federation policy each environment of the workflows needs for GitHub OIDC',
  examples: [
    ['$0 setup oidc', 'the policy per environment, in the subject form the repository sends (read through the GitHub API with GITHUB_TOKEN)'],
    ['$0 setup oidc --subject-format immutable --owner-id 58201337 --repo-id 734912001', 'without GitHub API access: say the form yourself'],
    ['$0 setup oidc --create --service-principal staging=5581763342009999 --service-principal production=5581763342001111', 'create them with the Databricks CLI (account admin login)'],
  ],
  builder: (y) =>
    y
      .option('repo', { type: 'string', requiresArg: true, describe: 'owner/name (default: GITHUB_REPOSITORY)' })
      .option('subject-format', { choices: ['classic', 'immutable'] as const, describe: 'The subject form, when the GitHub API cannot say' })
      .option('owner-id', { type: 'number', requiresArg: true, describe: 'The owner’s numeric id, for the immutable form without API access' })
      .option('repo-id', { type: 'number', requiresArg: true, describe: 'The repository’s numeric id, for the immutable form without API access' })
      .option('audience', { type: 'string', requiresArg: true, describe: 'The aud every policy accepts (default: <DATABRICKS_HOST of the environment>/oidc/v1/token)' })
      .option('host', { type: 'string', requiresArg: true, describe: 'The workspace host of every environment, when the GitHub API cannot read DATABRICKS_HOST' })
      .option('service-principal', { type: 'string', array: true, describe: 'environment=<numeric service principal id>, for --create (repeatable)' })
      .option('create', { type: 'boolean', default: false, describe: 'Create the policies with `databricks account service-principal-federation-policy create`' }),
  run: async (args, { out, cwd, env }) => {
    const [{ oidcJobs }, plan, { readRepositoryOidc }, { readWorkflows }] = await Promise.all([
      import('../../core/oidc/workflows.js'),
      import('../../core/oidc/setup-plan.js'),
      import('../../adapters/github-oidc.js'),
      import('../../adapters/workflow-files.js'),
    ]);
    const full = args.repo ?? env.GITHUB_REPOSITORY ?? '';
    const [owner, repo] = full.split('/');
    if (!owner || !repo) throw new UsageError('say which repository: --repo owner/name (or set GITHUB_REPOSITORY)');
    const files = readWorkflows(cwd);
    const jobs = oidcJobs(files);
    if (jobs.length === 0) throw new UsageError(`no job in ${files.length} workflow file${files.length === 1 ? '' : 's'} asks for an OIDC token (permissions: id-token: write)`, { hint: 'run in the project whose .github/workflows deploy with GitHub OIDC' });

    const github = await readRepositoryOidc(env, { owner, repo });
    if (args.ownerId !== undefined) github.identity.ownerId = args.ownerId;
    if (args.repoId !== undefined) github.identity.repoId = args.repoId;
    const source = plan.subjectSource(github.identity, github.customization, args.subjectFormat, github.why);
    const audiences = new Map<string, { value: string; from: string } | null>();
    for (const environment of new Set(jobs.flatMap((j) => (j.environment && !j.dynamic ? [j.environment] : [])))) {
      if (args.audience) audiences.set(environment, { value: args.audience, from: '--audience' });
      else if (args.host) audiences.set(environment, { value: tokenEndpoint(args.host), from: 'the token endpoint of --host' });
      else {
        const host = await github.environmentVariable(environment, 'DATABRICKS_HOST');
        audiences.set(environment, host ? { value: tokenEndpoint(host), from: `the token endpoint of DATABRICKS_HOST in environment ${environment}` } : null);
      }
    }
    const planned = plan.planPolicies(jobs, source, (environment) => audiences.get(environment) ?? null);
    const principals = servicePrincipals(args.servicePrincipal ?? []);

    const lines = [`repository ${owner}/${repo}: ${source.format} subjects (${source.prefix}…), from ${source.from}`];
    for (const p of planned.policies) {
      const body = JSON.stringify(plan.policyRequestBody(p.policy));
      lines.push('', `${kleur.bold(`environment ${p.environment}`)}  ${kleur.dim(p.jobs.join(', '))}`);
      lines.push(`  issuer    ${p.policy.issuer}`);
      lines.push(`  audience  ${p.policy.audiences[0] ?? kleur.yellow('unknown: pass --audience or --host (an empty list means the account id, which a workspace login does not ask for)')}${p.audienceFrom ? kleur.dim(`  (${p.audienceFrom})`) : ''}`);
      lines.push(`  subject   ${p.policy.subject}`);
      lines.push(`  create    databricks account service-principal-federation-policy create ${principals.get(p.environment) ?? '<service-principal-id>'} --json '${body}'`);
    }
    for (const note of planned.notes) lines.push('', `${kleur.yellow('!')} ${note}`);
    out.info(lines.join('\n'));

    const created: string[] = [];
    if (args.create) {
      const { runDatabricks } = await import('../../adapters/databricks-cli.js');
      for (const p of planned.policies) {
        const id = principals.get(p.environment);
        if (!id) throw new UsageError(`--create needs the service principal of environment ${p.environment}`, { hint: `--service-principal ${p.environment}=<numeric id> (databricks account service-principals list shows it)` });
        if (p.policy.audiences.length === 0) throw new UsageError(`the audience of environment ${p.environment} is unknown: nothing was created for it`, { hint: 'pass --audience or --host' });
        const run = await runDatabricks(['account', 'service-principal-federation-policy', 'create', id, '--json', JSON.stringify(plan.policyRequestBody(p.policy)), '-o', 'json'], { cwd, env });
        if (run.exitCode !== 0) {
          throw new ExternalError(`the Databricks CLI could not create the policy of environment ${p.environment}${created.length ? ` (created before: ${created.join(', ')})` : ''}:\n  ${run.tail.join('\n  ')}`, {
            hint: 'log in to the account as an account admin: DATABRICKS_HOST=https://accounts.cloud.databricks.com (or accounts.azuredatabricks.net), DATABRICKS_ACCOUNT_ID, then databricks auth login',
          });
        }
        created.push(p.environment);
        out.info(`${kleur.green('✔')} created the federation policy of ${p.environment} for service principal ${id}`);
      }
    }
    if (out.json) out.result({ repository: `${owner}/${repo}`, subject_format: source.format, subject_from: source.from, policies: planned.policies, notes: planned.notes, created });
  },
});

function servicePrincipals(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match?.[1] || !match[2]) throw new UsageError(`--service-principal "${value}" is not environment=<numeric id>`, { hint: 'e.g. --service-principal production=5581763342009999' });
    map.set(match[1], match[2]);
  }
  return map;
}
