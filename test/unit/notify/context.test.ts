import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBundleName, readBundleVersion, readRunContext } from '../../../src/adapters/context.js';
import { Project } from '../../../src/adapters/project.js';
import { teamsChannels, webhookEnvSetting } from '../../../src/core/notify/settings.js';

let dir: string;
let notes: string[];
const note = (text: string) => notes.push(text);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-notify-'));
  notes = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  writeFileSync(path.join(dir, name), text);
}

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('the bundle name', () => {
  it('comes from bundle.name of databricks.yml', async () => {
    write('databricks.yml', 'bundle:\n  name: sales_pipeline\ninclude:\n  - resources/*.yml\n');
    expect(await readBundleName(dir, note)).toBe('sales_pipeline');
  });

  it('is looked for in the other root file names the Databricks CLI accepts', async () => {
    write('bundle.yaml', 'bundle: {name: legacy}\n');
    expect(await readBundleName(dir, note)).toBe('legacy');
  });

  it('is left out, with a note, when the file is missing or broken', async () => {
    expect(await readBundleName(dir, note)).toBeUndefined();
    write('databricks.yml', 'bundle: [unclosed\n');
    expect(await readBundleName(dir, note)).toBeUndefined();
    expect(notes).toEqual([expect.stringContaining('no databricks.yml'), expect.stringContaining('could not be read as YAML')]);
  });
});

describe('the bundle version', () => {
  it("comes from release-please's manifest first", async () => {
    write('.release-please-manifest.json', '{ ".": "2.3.4" }\n');
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'feat: x');
    git('tag', 'v9.9.9');
    expect(await readBundleVersion(dir, note)).toBe('2.3.4');
  });

  it('else from the highest v* tag reachable from HEAD', async () => {
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'feat: one');
    git('tag', 'v1.9.0');
    git('tag', '-a', 'v1.10.0', '-m', 'release 1.10.0');
    git('tag', 'nightly');
    git('checkout', '-q', '-b', 'other');
    git('commit', '-q', '--allow-empty', '-m', 'feat: elsewhere');
    git('tag', 'v5.0.0');
    git('checkout', '-q', '-');
    expect(await readBundleVersion(dir, note)).toBe('1.10.0');
  });

  it('is left out, with a note, outside a git repository', async () => {
    expect(await readBundleVersion(dir, note)).toBeUndefined();
    expect(notes.join('\n')).toMatch(/git tags could not be read/);
  });
});

describe('the run context', () => {
  it('reads the pull request from the GitHub event file', async () => {
    write('event.json', JSON.stringify({ pull_request: { html_url: 'https://github.com/acme/sales/pull/5' } }));
    const context = await readRunContext({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/sales', GITHUB_EVENT_PATH: path.join(dir, 'event.json') }, note);
    expect(context).toEqual({ repository: 'acme/sales', pullRequestUrl: 'https://github.com/acme/sales/pull/5' });
  });

  it('goes on without the link when the event file is not JSON', async () => {
    write('event.json', '{oops');
    const context = await readRunContext({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/sales', GITHUB_EVENT_PATH: path.join(dir, 'event.json') }, note);
    expect(context).toEqual({ repository: 'acme/sales' });
    expect(notes).toHaveLength(1);
  });
});

describe('notify.teams.webhook_url_env in dataops.yml', () => {
  const setting = async (): Promise<string | undefined> => webhookEnvSetting((await new Project(dir, {}).settings()).raw);

  it('names the variable that holds the URL', async () => {
    write('dataops.yml', 'notify:\n  teams:\n    webhook_url_env: TEAMS_WEBHOOK_URL\n');
    expect(await setting()).toBe('TEAMS_WEBHOOK_URL');
  });

  it('is optional', async () => {
    expect(await setting()).toBeUndefined();
    write('dataops.yml', 'validate:\n  rules: {}\n');
    expect(await setting()).toBeUndefined();
  });

  it('refuses a URL pasted in place of the name, pointing at the line, without repeating it', async () => {
    const secret = 'https://prod.logic.azure.com/workflows/x?sig=pasted-secret-123';
    write('dataops.yml', `# settings\nnotify:\n  teams:\n    webhook_url_env: ${secret}\n`);
    const error = await setting().catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, location: { file: 'dataops.yml', line: 4, column: 22 } });
    expect(JSON.stringify(error) + String(error)).not.toContain('pasted-secret');
  });

  it('reports broken YAML with its place', async () => {
    write('dataops.yml', 'notify:\n  teams: [\n');
    await expect(setting()).rejects.toMatchObject({ exitCode: 2, location: { file: 'dataops.yml', line: 3 } });
  });
});

describe('notify.teams.channels in dataops.yml', () => {
  const channels = async () => teamsChannels((await new Project(dir, {}).settings()).raw);

  it('maps channel names to the variables holding their URLs', async () => {
    write('dataops.yml', 'notify:\n  teams:\n    webhook_url_env: TEAMS_WEBHOOK_URL\n    channels:\n      prod-alerts: TEAMS_PROD_WEBHOOK_URL\n      data-team: TEAMS_DATA_URL\n');
    expect(await channels()).toEqual([
      { name: 'prod-alerts', env: 'TEAMS_PROD_WEBHOOK_URL' },
      { name: 'data-team', env: 'TEAMS_DATA_URL' },
    ]);
  });

  it('refuses a URL or nothing in place of a variable name, pointing at the line', async () => {
    write('dataops.yml', 'notify:\n  teams:\n    channels:\n      prod-alerts: https://x.example/hook?sig=pasted-secret-456\n');
    const error = await channels().catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, location: { file: 'dataops.yml', line: 4 } });
    expect(JSON.stringify(error) + String(error)).not.toContain('pasted-secret');
    write('dataops.yml', 'notify:\n  teams:\n    channels:\n      prod-alerts:\n');
    await expect(channels()).rejects.toMatchObject({ exitCode: 2, location: { line: 4 } });
  });
});
