import os from 'node:os';
import path from 'node:path';
import kleur from 'kleur';
import { parseDatabricksCfg, summarizeCredentials } from '../../core/credentials.js';
import { buildDoctorReport, TOOLS, type DoctorReport } from '../../core/doctor.js';
import { VERSION } from '../../version.js';
import { defineCommand } from '../command.js';

interface DoctorArgs {
  oidc: boolean;
  'policy-subject'?: string;
  'policy-audience'?: string;
}

export default defineCommand<DoctorArgs>({
  command: 'doctor',
  describe: 'Show installed tools, their versions and the Databricks credentials in use',
  examples: [
    ['$0 doctor', 'check that the Databricks CLI, task, git and python are installed'],
    ['$0 doctor --json', 'the same report as JSON'],
    ['$0 doctor --oidc', 'in a workflow: the GitHub OIDC token’s claims (never the token) and the federation policy that accepts it'],
    ['$0 doctor --oidc --policy-subject repo:acme/shop:environment:production', 'say whether the policy you have matches, and why not'],
  ],
  builder: (y) =>
    y
      .option('oidc', { type: 'boolean', default: false, describe: 'Inside GitHub Actions: decode the job’s OIDC token and say which federation policy matches it' })
      .option('policy-subject', { type: 'string', requiresArg: true, describe: 'With --oidc: the subject of the policy you have, to compare' })
      .option('policy-audience', { type: 'string', requiresArg: true, describe: 'With --oidc: the audience of the policy you have, to compare' }),
  run: async (args, { out, env }) => {
    if (args.oidc) {
      const [{ readRunFacts, requestIdToken }, { diagnoseToken, whyNoToken }] = await Promise.all([import('../../adapters/github-id-token.js'), import('../../core/oidc/diagnose.js')]);
      const facts = await readRunFacts(env);
      const diagnosis = whyNoToken(facts) ?? diagnoseToken(facts, await requestIdToken(env, facts.audience?.value), { subject: args.policySubject, audience: args.policyAudience });
      if (out.json) out.result({ ok: diagnosis.ok, claims: diagnosis.claims ?? null, subject_format: diagnosis.subjectFormat ?? null, matching_policy: diagnosis.matchingPolicy ?? null, findings: diagnosis.lines });
      else out.info(diagnosis.lines.join('\n'));
      return diagnosis.ok ? 0 : 1;
    }
    const { probeVersion } = await import('../../adapters/process.js');
    const { pythonExecutable } = await import('../../local/runs/python.js');
    const probes = await Promise.all(
      TOOLS.map(async (tool) => ({ name: tool.name, output: await probeVersion(tool.name === 'pyspark' ? pythonExecutable(env) : tool.command, tool.versionArgs, env) })),
    );
    const cfgPath = env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), '.databrickscfg');
    const cfgText = await (await import('node:fs/promises')).readFile(cfgPath, 'utf8').catch(() => '');
    const report = buildDoctorReport(
      { version: VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
      probes,
      summarizeCredentials(env, parseDatabricksCfg(cfgText)),
    );
    if (out.json) out.result(report);
    else out.info(renderDoctor(report));
    return report.ok ? 0 : 1;
  },
});

function renderDoctor(report: DoctorReport): string {
  const lines = [`dataops ${report.dataops.version} (node ${report.dataops.node}, ${report.dataops.platform})`, ''];
  for (const tool of report.tools) {
    const mark = tool.found ? kleur.green('✔') : tool.required ? kleur.red('✖') : kleur.yellow('!');
    const version = tool.version ?? (tool.required ? 'missing' : 'missing (optional)');
    lines.push(`${mark} ${tool.name.padEnd(11)} ${version.padEnd(22)} ${kleur.dim(tool.purpose)}`);
    if (tool.install) lines.push(`  ${kleur.dim('install:')} ${tool.install}`);
    if (tool.name === 'databricks' && report.databricksCli) {
      const { facts, advice } = report.databricksCli;
      for (const fact of facts) lines.push(`  ${kleur.dim(fact)}`);
      if (advice) lines.push(`  ${kleur.red('✖')} ${advice}`);
    }
  }
  const c = report.credentials;
  lines.push('');
  if (c.source === 'none') {
    lines.push(`${kleur.yellow('!')} no Databricks credentials (set DATABRICKS_HOST and DATABRICKS_TOKEN, or run databricks auth login)`);
  } else {
    const from = c.source === 'profile' ? `profile ${c.profile}` : 'environment';
    lines.push(`${kleur.green('✔')} Databricks host ${c.host ?? '(none)'}, auth ${c.authType ?? 'unknown'}, from ${from}`);
    lines.push(`  ${kleur.dim('settings present:')} ${c.present.join(', ')}`);
  }
  if (report.tools.some((t) => t.required && !t.found)) lines.push('', kleur.red('A required tool is missing: install it with the command above.'));
  else if (!report.ok) lines.push('', kleur.red('The Databricks CLI is outside the versions this dataops knows: upgrade or pin it as shown above.'));
  return lines.join('\n');
}
