import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundleSchemaValidator } from '../../../src/adapters/bundle-schema.js';
import { productionSettings } from '../../../src/core/deploy/settings.js';
import { Project } from '../../../src/adapters/project.js';
import { createSqlChecker } from '../../../src/adapters/sql-checker.js';
import { RULES } from '../../../src/core/rules/catalog.js';
import type { Rule } from '../../../src/core/rules/rule.js';
import { validateTargets } from '../../../src/core/validate.js';
import { tool } from '../../helpers/tools.js';

/**
 * Every rule's documented examples, executed as ESLint executes its rule examples: `bad` as a
 * project on disk through the real resolver must get the rule's finding, `good` must not.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'dataops-rule-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FILE_HEADER = /^# ([\w./-]+\.(?:ya?ml|sql|py|json))\s*$/;

/** The example's files: databricks.yml first, then one per `# <path>` line. */
function exampleFiles(example: string): Map<string, string> {
  const files = new Map<string, string>();
  let current = 'databricks.yml';
  for (const line of example.split('\n')) {
    const header = FILE_HEADER.exec(line);
    if (header?.[1]) {
      current = header[1];
      continue;
    }
    files.set(current, `${files.get(current) ?? ''}${line}\n`);
  }
  return files;
}

async function findingsOf(rule: Rule, which: 'bad' | 'good'): Promise<string[]> {
  const dir = path.join(work, `${rule.id}-${which}`);
  const files = exampleFiles(rule.doc[which]);
  const root = files.get('databricks.yml') ?? '';
  files.set('databricks.yml', `bundle:\n  name: doc_example\n${root.includes('include:') ? '' : 'include:\n  - resources/*.yml\n'}${root}`);
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const env = { PATH: `${path.dirname(tool('databricks'))}${path.delimiter}${process.env.PATH ?? ''}`, HOME: process.env.HOME, XDG_CACHE_HOME: path.join(work, 'cache'), DATAOPS_CURRENT_USER: 'alice@example.com', DATAOPS_GIT_BRANCH: 'main' };
  const project = new Project(dir, env);
  const [targets, bundleFiles, bundle] = await Promise.all([project.targets([]), project.files(), project.bundle()]);
  const sourceOf = (file: string) => bundle.source(file);
  const documents = targets.flatMap((t) => t.files).map((file) => sourceOf(file)?.data ?? null);
  const schema = (await loadBundleSchemaValidator(env, documents)).validator;
  const report = await validateTargets(targets, { files: bundleFiles, schema, sql: createSqlChecker(env), sourceOf, production: productionSettings((await project.settings()).raw) }, RULES, { rules: {}, ignore: [] });
  return report.findings.filter((f) => f.rule === rule.id).map((f) => `${f.file}:${f.line} ${f.message}`);
}

/** Rules whose example the resolver stops before the rule runs: said here, shown as skipped. */
const STOPPED_BY_THE_RESOLVER: Record<string, string> = {
  'duplicate-key': 'the resolver refuses a duplicate resource key before validate runs its rules (issue 15: load errors become findings)',
};

describe('rule docs are executed', () => {
  for (const rule of RULES) {
    it.skipIf(rule.id in STOPPED_BY_THE_RESOLVER)(`${rule.id}: the bad example is found, the good one is not`, { timeout: 60_000 }, async () => {
      expect(await findingsOf(rule, 'bad')).not.toEqual([]);
      expect(await findingsOf(rule, 'good')).toEqual([]);
    });
  }
});
