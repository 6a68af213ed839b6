import type { ConfigPath, JsonObject, LocalPath, Location, ResolvedTarget } from '../../src/core/bundle/model.js';
import type { Problem, Rule, RuleContext, SchemaValidator, SqlChecker } from '../../src/core/rules/rule.js';
import { loadSparkValidate } from '../../src/adapters/sql-checker.js';
import { sparkSqlErrors } from '../../src/core/spark-sql.js';
import { parseYamlSource, type YamlSource } from '../../src/core/yaml-source.js';

/** A hand-built resolved target, standing in for the resolver's output in rule tests. */
export interface TargetFixture {
  target?: string | null;
  /** What `databricks bundle validate -o json` would print. */
  config: JsonObject;
  /** Dotted config path (`resources.jobs.a.tasks[0].task_key`) → `file:line:col`. */
  locations?: Record<string, string>;
  /** Path-like fields: dotted path → [as written, local path relative to the bundle root or null]. */
  localPaths?: Record<string, [string, string | null]>;
  files?: string[];
}

export function dotted(path: ConfigPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export function parseLocation(text: string): Location {
  const match = /^(.*):(\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`fixture location ${text} is not file:line:col`);
  return { file: match[1] ?? '', line: Number(match[2]), column: Number(match[3]) };
}

export function resolvedTarget(fixture: TargetFixture): ResolvedTarget {
  const locations = new Map(Object.entries(fixture.locations ?? {}).map(([path, at]) => [path, parseLocation(at)]));
  // Like the resolver: a path without its own location is placed where its nearest parent was written.
  const locate = (path: ConfigPath): Location | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const found = locations.get(dotted(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  const localPaths: LocalPath[] = Object.entries(fixture.localPaths ?? {}).map(([dottedPath, [written, local]]) => {
    const path = dottedPath.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
    return { path, written, local, location: locate(path) ?? { file: 'databricks.yml', line: 1, column: 1 } };
  });
  return {
    target: fixture.target === undefined ? 'dev' : fixture.target,
    config: fixture.config,
    locate,
    localPaths,
    files: fixture.files ?? ['databricks.yml'],
    diagnostics: [],
    loaded: true,
    toJson: () => JSON.stringify(fixture.config, null, 2),
  };
}

export interface ContextFixture extends TargetFixture {
  /** Configuration files as written (for rules that read the raw definitions). */
  sources?: Record<string, string>;
  /** Other files of the bundle: path relative to the bundle root → text. */
  bundleFiles?: Record<string, string>;
  schema?: SchemaValidator;
  sql?: SqlChecker;
  /** dataops.yml's `production.targets`. */
  productionTargets?: string[];
}

export function yamlSources(texts: Record<string, string>): YamlSource[] {
  return Object.entries(texts).map(([file, text]) => {
    const parsed = parseYamlSource(file, text);
    if (!parsed.ok) throw new Error(`fixture ${file}: ${parsed.error.message}`);
    return parsed.source;
  });
}

const noSql: SqlChecker = {
  check: () => Promise.reject(new Error('this test did not expect SQL to be checked')),
};

export function ruleContext(fixture: ContextFixture): RuleContext {
  const files = { ...fixture.sources, ...fixture.bundleFiles };
  const globToRegExp = (pattern: string): RegExp =>
    new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return {
    target: resolvedTarget({ ...fixture, files: fixture.files ?? Object.keys(fixture.sources ?? { 'databricks.yml': '' }) }),
    sources: yamlSources(fixture.sources ?? {}),
    files: {
      read: (path) => files[path],
      exists: (path) => path in files || Object.keys(files).some((name) => name.startsWith(`${path}/`)),
      glob: (pattern) => Object.keys(files).filter((name) => globToRegExp(pattern).test(name)).sort(),
    },
    schema: fixture.schema ?? null,
    sql: fixture.sql ?? noSql,
    production: { targets: fixture.productionTargets ?? [] },
  };
}

export async function check(rule: Rule, fixture: ContextFixture): Promise<Problem[]> {
  return rule.check(ruleContext(fixture));
}

/** The real Spark SQL checker, without the disk cache. */
export function sparkSqlChecker(): SqlChecker {
  const validate = loadSparkValidate();
  return { check: async (sql) => sparkSqlErrors(sql, await validate) };
}
