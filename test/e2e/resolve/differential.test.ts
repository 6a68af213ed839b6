/**
 * `dataops resolve` against the real Databricks CLI on bundles nobody here wrote: the CLI's
 * built-in templates, rendered now by `databricks bundle init`, and small bundles of our own
 * for each class the resolver once got wrong (Python resources and mutators, artifacts, a
 * wheel project found by the CLI, a variable without a value, a task without compute, genie
 * spaces, volumes, pipeline globs, designer notebooks, enum warnings). Each target is resolved
 * by both against `dataops local`, as the same user, and compared the way
 * ../shared/conformance/run.sh compares: the JSON values, whether each failed, and the
 * diagnostics on stderr, word for word.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINARY, cleanEnv, dataops, ROOT } from '../../helpers/binary.js';
import { tool } from '../../helpers/tools.js';

/**
 * The built-in templates of the pinned CLI that render and validate against `dataops local`.
 * Not here: dbt-sql (its files call default_catalog, i.e. the Unity Catalog metastore API,
 * which dataops local does not serve) and default-scala (its validate checks online that the
 * artifacts volume exists in Unity Catalog).
 */
const TEMPLATES = ['default-python', 'default-sql', 'default-minimal', 'lakeflow-pipelines', 'lakeflow-integrations', 'pydabs'];
const OWN = path.join(ROOT, 'test', 'fixtures', 'differential');

const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-differential-'));
const dataDir = path.join(work, 'workspace');
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return result;
}

/** Template answers: every prompt of every built-in template, so `init` asks nothing. */
function templateConfig(template: string): string {
  const file = path.join(work, `${template}.json`);
  const answers = {
    project_name: `my_${template.replaceAll('-', '_')}`,
    default_catalog: 'main',
    personal_schemas: 'yes',
    shared_schema: 'default',
    http_path: '/sql/1.0/warehouses/abc123',
    serverless: 'yes',
    include_job: 'yes',
    include_pipeline: 'yes',
    include_python: 'yes',
    language: 'python',
    language_choice: 'python',
    lakeflow_only: 'no',
  };
  writeFileSync(file, JSON.stringify(answers));
  return file;
}

/** Every bundle to compare, by name: the rendered templates, then our own. */
const bundles = new Map<string, string>();

beforeAll(() => {
  const started = dataops(['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach']);
  if (started.code !== 0) throw new Error(`dataops local up failed: ${started.stderr}`);
  const local = JSON.parse(dataops(['local', 'env', '--data-dir', dataDir, '--json']).stdout) as Record<string, string>;
  env = {
    ...cleanEnv(process.env),
    // The CLI on PATH: dataops asks it who the current user is, as the CLI asks the workspace.
    PATH: [path.dirname(tool('databricks')), process.env.PATH].join(path.delimiter),
    DATABRICKS_HOST: local.DATABRICKS_HOST,
    DATABRICKS_TOKEN: local.DATABRICKS_TOKEN,
    DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'),
    XDG_CACHE_HOME: path.join(work, 'cache'),
  };
  writeFileSync(env.DATABRICKS_CONFIG_FILE as string, '');
  for (const template of TEMPLATES) {
    const out = path.join(work, 'templates', template);
    const init = run(tool('databricks'), ['bundle', 'init', template, '--config-file', templateConfig(template), '--output-dir', out], work);
    if (init.status !== 0) throw new Error(`databricks bundle init ${template} failed: ${init.stderr}`);
    const [project] = readdirSync(out);
    bundles.set(template, path.join(out, project as string));
  }
  for (const name of readdirSync(OWN)) {
    const copy = path.join(work, 'own', name);
    cpSync(path.join(OWN, name), copy, { recursive: true });
    bundles.set(name, copy);
  }
  // Python bundles name .venv: the test tools' virtualenv has databricks-bundles.
  for (const dir of bundles.values()) {
    if (readFileSync(path.join(dir, 'databricks.yml'), 'utf8').includes('venv_path: .venv') && !existsSync(path.join(dir, '.venv'))) {
      symlinkSync(path.join(ROOT, '.tools', 'venv'), path.join(dir, '.venv'));
    }
  }
}, 300_000);

afterAll(() => {
  dataops(['local', 'down', '--data-dir', dataDir]);
  rmSync(work, { recursive: true, force: true });
});

function targetsOf(dir: string): string[] {
  const root = parse(readFileSync(path.join(dir, 'databricks.yml'), 'utf8')) as { targets?: Record<string, unknown> };
  return Object.keys(root.targets ?? {});
}

/**
 * The CLI's diagnostics as it prints them. Lines of its logger (`Warn: unable to get spark
 * version for cluster …`, from an online look-up of a cluster dataops local does not have) are
 * not diagnostics and are left out.
 */
function diagnostics(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('Warn: '))
    .join('\n');
}

/** The identity fields of the bundle model; the CLI also prints the rest of the SCIM user (emails, groups, schemas). */
const IDENTITY_FIELDS = ['displayName', 'domain_friendly_name', 'id', 'short_name', 'userName'];

/** The printed JSON as data (the current user reduced to the bundle model's fields), or null when nothing parses. */
function json(text: string): unknown {
  let data: { workspace?: { current_user?: Record<string, unknown> } };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    return null;
  }
  const user = data.workspace?.current_user;
  if (user && data.workspace) data.workspace.current_user = Object.fromEntries(Object.entries(user).filter(([key]) => IDENTITY_FIELDS.includes(key)));
  return data;
}

describe('dataops resolve against databricks bundle validate -o json', () => {
  it('prints what the real CLI prints on every target of every template and own bundle', () => {
    const misses: string[] = [];
    let runs = 0;
    for (const [name, dir] of bundles) {
      for (const target of targetsOf(dir)) {
        runs++;
        const cli = run(tool('databricks'), ['bundle', 'validate', '-o', 'json', '-t', target], dir);
        rmSync(path.join(dir, '.databricks'), { recursive: true, force: true });
        const ours = run(BINARY, ['resolve', '-t', target], dir);
        const expected = json(cli.stdout);
        const actual = json(ours.stdout);
        if ((cli.status === 0) !== (ours.status === 0)) misses.push(`${name} -t ${target}: exit ${ours.status}, the CLI ${cli.status}\n${cli.stderr}\n${ours.stderr}`);
        else {
          try {
            expect(actual).toEqual(expected);
            expect(ours.stderr).toEqual(diagnostics(cli.stderr));
          } catch (error) {
            misses.push(`${name} -t ${target}: ${(error as Error).message.slice(0, 4000)}`);
          }
        }
      }
    }
    console.log(`differential: ${runs - misses.length}/${runs} runs matched`);
    expect(runs).toBeGreaterThan(bundles.size);
    expect(misses).toEqual([]);
  }, 600_000);

  it.each([
    ['include-no-match', 'resources/nope.yml', 6],
    ['include-absolute', '/etc/*', 5],
    ['include-bad-pattern', 'resources/[', 5],
  ])('%s: resolve prints the include error word for word as the CLI; validate places it at the entry', (name, entry, line) => {
    const dir = bundles.get(name) as string;
    const cli = run(tool('databricks'), ['bundle', 'validate', '-o', 'json', '-t', 'dev'], dir);
    rmSync(path.join(dir, '.databricks'), { recursive: true, force: true });
    const ours = run(BINARY, ['resolve', '-t', 'dev'], dir);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('Error: ');
    expect({ status: ours.status, stderr: ours.stderr, json: json(ours.stdout) }).toEqual({ status: cli.status, stderr: cli.stderr, json: json(cli.stdout) });

    const validate = run(BINARY, ['validate', '--format', 'json'], dir);
    expect(validate.status).toBe(1);
    const { findings } = JSON.parse(validate.stdout) as { findings: Array<{ rule: string; message: string; file: string | null; line: number | null }> };
    expect(findings).toEqual([expect.objectContaining({ rule: 'bundle', message: cli.stderr.replace(/^Error: /, '').trim(), file: 'databricks.yml', line })]);
    expect(readFileSync(path.join(dir, 'databricks.yml'), 'utf8').split('\n')[line - 1]).toContain(entry);
  });
});
