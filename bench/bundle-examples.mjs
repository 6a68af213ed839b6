#!/usr/bin/env node
// Not in the suite: `dataops resolve -t <target>` beside the real CLI's `bundle validate -o json`
// on every bundle of a checkout of databricks/bundle-examples (its files stay outside this
// repository), against `dataops local`, compared as test/e2e/resolve/differential.test.ts
// compares (same exit status; the same JSON, the current user reduced to the bundle model's fields),
// and, as a second figure, whether the diagnostics on stderr are the same word for word (the CLI's
// logger lines, `Warn: …`, left out).
// Usage: node bench/bundle-examples.mjs <bundle-examples checkout>   (CLI on PATH: source scripts/tools-env.sh)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

const [checkout] = process.argv.slice(2);
if (!checkout) throw new Error('usage: node bench/bundle-examples.mjs <bundle-examples checkout>');
const BINARY = path.resolve('dist', 'dataops');
const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-bundle-examples-'));
const IDENTITY_FIELDS = ['displayName', 'domain_friendly_name', 'id', 'short_name', 'userName'];

function bundlesUnder(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === '.git' || entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    try {
      const text = readFileSync(path.join(full, 'databricks.yml'), 'utf8');
      if (!text.includes('{{')) found.push(full);
      continue;
    } catch {}
    found.push(...bundlesUnder(full));
  }
  return found;
}

function json(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const user = data?.workspace?.current_user;
  if (user) data.workspace.current_user = Object.fromEntries(Object.entries(user).filter(([key]) => IDENTITY_FIELDS.includes(key)));
  return data;
}

const run = (command, args, cwd, env) => spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
const dataDir = path.join(work, 'workspace');
if (run(BINARY, ['local', 'up', '--port', '0', '--data-dir', dataDir, '--detach'], work, process.env).status !== 0) throw new Error('dataops local up failed');
const local = JSON.parse(run(BINARY, ['local', 'env', '--data-dir', dataDir, '--json'], work, process.env).stdout);
writeFileSync(path.join(work, 'databrickscfg'), '');
const env = { ...process.env, DATABRICKS_HOST: local.DATABRICKS_HOST, DATABRICKS_TOKEN: local.DATABRICKS_TOKEN, DATABRICKS_CONFIG_FILE: path.join(work, 'databrickscfg'), XDG_CACHE_HOME: path.join(work, 'cache') };
let runs = 0;
const misses = [];
const diagnosticMisses = [];
const diagnostics = (stderr) => stderr.split('\n').filter((line) => !line.startsWith('Warn: ')).join('\n');
try {
  for (const original of bundlesUnder(path.resolve(checkout))) {
    const name = path.relative(checkout, original);
    const dir = path.join(work, 'bundles', name);
    cpSync(original, dir, { recursive: true });
    // The examples name a placeholder workspace (https://company.databricks.com); both sides get dataops local's instead.
    for (const file of readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f) && !f.includes('node_modules'))) {
      const full = path.join(dir, file);
      writeFileSync(full, readFileSync(full, 'utf8').replace(/^(\s*)host:\s*https:\/\/\S+$/gm, `$1host: ${local.DATABRICKS_HOST}`));
    }
    const targets = Object.keys(parse(readFileSync(path.join(dir, 'databricks.yml'), 'utf8'))?.targets ?? {});
    for (const target of targets) {
      runs++;
      const cli = run('databricks', ['bundle', 'validate', '-o', 'json', '-t', target], dir, env);
      rmSync(path.join(dir, '.databricks'), { recursive: true, force: true });
      const ours = run(BINARY, ['resolve', '-t', target], dir, env);
      const same = (cli.status === 0) === (ours.status === 0) && isDeepStrictEqual(json(cli.stdout), json(ours.stdout));
      if (!same) misses.push(`${name} -t ${target} (exit ${ours.status}, the CLI ${cli.status})`);
      if (diagnostics(cli.stderr) !== ours.stderr) diagnosticMisses.push(`${name} -t ${target}`);
    }
  }
} finally {
  run(BINARY, ['local', 'down', '--data-dir', dataDir], work, process.env);
  rmSync(work, { recursive: true, force: true });
}
console.log(`bundle-examples: ${runs - misses.length}/${runs} bundle×target runs print what the CLI prints`);
for (const miss of misses) console.log(`  miss: ${miss}`);
console.log(`bundle-examples: ${runs - diagnosticMisses.length}/${runs} runs print the CLI's diagnostics word for word`);
for (const miss of diagnosticMisses) console.log(`  other diagnostics: ${miss}`);
