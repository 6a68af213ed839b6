import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Project } from '../../../src/adapters/project.js';
import type { JsonObject } from '../../../src/core/bundle/model.js';
import { compileBundleSchema, pruneBundleSchema } from '../../../src/core/bundle-schema.js';
import { valueAt } from '../../../src/core/bundle/config-values.js';
import { RULES } from '../../../src/core/rules/catalog.js';
import type { SchemaValidator } from '../../../src/core/rules/rule.js';
import { validateTargets } from '../../../src/core/validate.js';
import { sparkSqlChecker } from '../../helpers/rule-context.js';
import { SHARED } from '../../helpers/binary.js';

/**
 * No false alarms: the Databricks CLI accepted these bundles (expect_exit 0), so the rules that
 * judge correctness must find nothing in them. Policy rules (notifications, run_as, root paths,
 * sandboxes) are not about correctness and stay off here.
 */
const CASES = path.join(SHARED, 'conformance', 'cases');
const POLICY = ['missing-failure-notification', 'prod-run-as', 'prod-root-path', 'undeclared-production', 'sandbox-isolation'];
/** Valid cases left out, and why. */
const EXCLUDED: Record<string, string> = {
  // ${var.file_path} is written in resources/job.yml with its value from databricks.yml; the CLI
  // resolves the path against the bundle root, the resolver's localPaths against resources/.
  paths__relative_path_translation__2: 'resolver: localPaths of a variable reference',
  // Both list task paths that the target overrides ("this value is overridden") in localPaths,
  // and reference wheels and jars the acceptance test never built (a true missing-file finding).
  paths__nominal__1: 'resolver: overridden paths in localPaths; wheels never built',
  paths__nominal__2: 'resolver: overridden paths in localPaths; wheels never built',
};

interface Case {
  name: string;
  dir: string;
  target: string | undefined;
  env: Record<string, string>;
  user: string;
}

function validCases(): Case[] {
  return readdirSync(CASES)
    .sort()
    .flatMap((name) => {
      const spec = JSON.parse(readFileSync(path.join(CASES, name, 'case.json'), 'utf8')) as {
        args: string[];
        env: Record<string, string>;
        cwd: string;
        current_user: string;
        expect_exit: number;
        git: unknown;
      };
      if (spec.expect_exit !== 0 || spec.git !== null || name in EXCLUDED) return [];
      if (spec.args.some((a) => a.startsWith('--var'))) return [];
      const t = spec.args.findIndex((a) => a === '-t' || a === '--target');
      const dir = path.join(CASES, name, 'input', spec.cwd);
      // Some scripts wrote databricks.yml before running the CLI: their input has none.
      if (!existsSync(path.join(dir, 'databricks.yml'))) return [];
      // The CLI validated one target: the one named, else the default (other targets may be broken on purpose).
      const target = t >= 0 ? spec.args[t + 1] : (spec.env.DATABRICKS_BUNDLE_TARGET ?? defaultTarget(dir));
      return [{ name, dir, target, env: spec.env, user: spec.current_user }];
    });
}

function defaultTarget(dir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'databricks.yml'), 'utf8');
  } catch {
    return undefined;
  }
  const targets = (parse(text) as { targets?: Record<string, { default?: boolean } | null> } | null)?.targets ?? {};
  const names = Object.keys(targets);
  return names.length === 1 ? names[0] : names.find((n) => targets[n]?.default === true);
}

let schema: SchemaValidator;
beforeAll(() => {
  const full = JSON.parse(readFileSync(path.join(SHARED, 'reference', 'databricks-bundle.schema.json'), 'utf8')) as JsonObject;
  const resources = valueAt(full, ['$defs', 'github.com', 'databricks', 'cli', 'bundle', 'config.Resources', 'oneOf', 0, 'properties']);
  const everyType = Object.keys(resources as JsonObject);
  schema = compileBundleSchema(pruneBundleSchema(full, everyType)).validate;
}, 120_000);

describe('no false alarms on the conformance corpus', () => {
  const sql = sparkSqlChecker();
  const rules = Object.fromEntries(POLICY.map((id) => [id, 'off' as const]));
  for (const c of validCases()) {
    it(c.name, async () => {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...c.env, DATAOPS_CURRENT_USER: c.user, DATAOPS_CURRENT_USER_ID: '1000012345' };
      const project = new Project(c.dir, env);
      const [targets, files, bundle] = await Promise.all([project.targets(c.target ? [c.target] : []), project.files(), project.bundle()]);
      const sourceOf = (file: string) => bundle.source(file);
      const report = await validateTargets(targets, { files, schema, sql, sourceOf, production: { targets: [] } }, RULES, { rules, ignore: [] });
      const findings = report.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.message}`);
      expect(findings).toEqual([]);
    });
  }
});
