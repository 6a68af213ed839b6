import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/adapters/workspace/paginate.js';
import { tool } from '../../helpers/tools.js';
import { cardOf, WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { DeployHarness } from './harness.js';

/**
 * One project per command: every command reads `--var` as the Databricks CLI does and checks
 * the very configuration the CLI is then given; a command run from a subdirectory works on the
 * bundle around it; a deploy finds the root, reads dataops.yml and resolves its target once.
 */
describe('one project per command, through the built binary', () => {
  const h = new DeployHarness();
  const receiver = new WebhookReceiver();
  let cliLog = '';
  let recording: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    h.start();
    await receiver.start();
    // Variables the job shows in its description, so the deployed job tells what the CLI got.
    const root = path.join(h.project, 'databricks.yml');
    writeFileSync(root, readFileSync(root, 'utf8').replace('variables:\n', 'variables:\n  a:\n    default: none\n  b:\n    default: none\n'));
    h.file('resources/vars.job.yml', 'resources:\n  jobs:\n    vars_job:\n      name: vars job\n      description: a=${var.a} b=${var.b}\n');
    h.file('dataops.yml', 'notify:\n  teams:\n    webhook_url_env: TEAM_CHANNEL\n');
    h.git('add', '-A');
    h.git('commit', '-q', '-m', 'variables a and b');
    // The real CLI behind a wrapper that writes down the arguments it is given.
    cliLog = path.join(h.work, 'cli-args.log');
    const wrapperDir = path.join(h.work, 'wrapper');
    h.file('../wrapper/databricks', `#!/bin/sh\nprintf '%s\\n' "$*" >> '${cliLog}'\nexec '${tool('databricks')}' "$@"\n`);
    chmodSync(path.join(wrapperDir, 'databricks'), 0o755);
    recording = { ...h.developer, PATH: `${wrapperDir}${path.delimiter}${h.developer.PATH ?? ''}`, CI: 'true' };
  });
  afterAll(async () => {
    await receiver.stop();
    h.stop();
  });

  it('reads --var a=1,b=2 as a=1 and b=2 in resolve, guard, the deploy preflight and the CLI it runs', { timeout: 300_000 }, async () => {
    const resolved = await h.run(['resolve', '-t', 'staging', '--var', 'a=1,b=2'], recording);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout).resources.jobs.vars_job.description).toBe('a=1 b=2');

    const guard = await h.run(['guard', '-t', 'staging', '--var', 'a=1,b=2', '--json'], recording);
    expect(guard.code, guard.stderr).toBe(0);

    writeFileSync(cliLog, '');
    const deploy = await h.run(['deploy', 'staging', '--var', 'a=1,b=2', '--json'], recording);
    expect(deploy.code, deploy.stderr).toBe(0);
    const deployLine = readFileSync(cliLog, 'utf8').split('\n').find((line) => line.startsWith('bundle deploy'));
    expect(deployLine).toBe('bundle deploy -t staging --var a=1 --var b=2');
    const jobs = await collect((await h.workspace()).jobs.list());
    expect(jobs.filter((j) => j.settings?.name === '[staging] vars job').map((j) => j.settings?.description)).toEqual(['a=1 b=2']);

    // A value with a comma, quoted as the CLI's flag wants, reaches the CLI as one value.
    const quoted = await h.run(['deploy', 'staging', '--var', '"a=x,y"', '--json'], recording);
    expect(quoted.code, quoted.stderr).toBe(0);
    const after = await collect((await h.workspace()).jobs.list());
    expect(after.filter((j) => j.settings?.name === '[staging] vars job').map((j) => j.settings?.description)).toEqual(['a=x,y b=none']);
  });

  it('refuses the same --var the same way in every command', { timeout: 300_000 }, async () => {
    for (const command of [['resolve', '-t', 'staging'], ['guard', '-t', 'staging'], ['plan', '-t', 'staging'], ['deploy', 'staging']]) {
      const malformed = await h.run([...command, '--var', 'novalue'], recording);
      expect(malformed.code, `${command[0]}: ${malformed.stderr}`).toBe(2);
      expect(malformed.stderr).toContain('unexpected flag value for variable assignment: novalue');

      const nameless = await h.run([...command, '--var', '=x'], recording);
      expect(nameless.code, `${command[0]}: ${nameless.stderr}`).not.toBe(0);
      expect(nameless.stderr).toContain('variable  has not been defined');
    }
  });

  it('notify run from a subdirectory finds dataops.yml and the bundle name at the bundle root', { timeout: 120_000 }, async () => {
    receiver.requests.length = 0;
    const env = { ...h.developer, TEAM_CHANNEL: receiver.url('/workflows/sub/triggers/manual/paths/invoke?sig=subdir') };
    const result = await h.run(['--cwd', path.join(h.project, 'resources'), 'notify', '--status', 'Failed', '--env', 'staging'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.stringify(cardOf(receiver.payloads()[0]))).toContain('deploy_fixture');
  });

  it('a deploy that fails, run from a subdirectory, still tells the team', { timeout: 300_000 }, async () => {
    receiver.requests.length = 0;
    h.file('resources/broken.job.yml', 'resources:\n  jobs:\n    broken:\n      name: broken\n      tasks:\n        - task_key: t\n          notebook_task:\n            notebook_path: ../src/does_not_exist.py\n');
    try {
      const env = { ...h.developer, TEAM_CHANNEL: receiver.url('/workflows/fail/triggers/manual/paths/invoke?sig=deployfail') };
      const result = await h.run(['--cwd', path.join(h.project, 'resources'), 'deploy', 'sandbox'], env);
      expect(result.code).toBe(1);
      expect(receiver.requests).toHaveLength(1);
      const card = JSON.stringify(cardOf(receiver.payloads()[0]));
      expect(card).toContain('deploy_fixture');
      expect(card).toContain('stopped at preflight step');
    } finally {
      rmSync(path.join(h.project, 'resources', 'broken.job.yml'));
    }
  });

  it('a sandbox deploy finds the root once, reads dataops.yml once and resolves its target once', { timeout: 300_000 }, async () => {
    const result = await h.run(['deploy', 'sandbox'], { ...h.developer, DATAOPS_TRACE: 'project' });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stderr.split('\n').filter((line) => line.startsWith('dataops-trace: project '));
    const count = (event: string): number => events.filter((line) => line === `dataops-trace: project ${event}`).length;
    expect(count('root')).toBe(1);
    expect(count('settings')).toBe(1);
    expect(count('load')).toBe(1);
    expect(count('resolve sandbox')).toBe(1);
    expect(events.filter((line) => line.includes('resolve '))).toHaveLength(1);
  });
});
