/**
 * Databricks SQL in, the local engine's SQL (DuckDB) out: polyglot-sql transpiles the dialect,
 * then the statement's names are mapped onto the engine's catalogs. Unity Catalog's `main`
 * is the engine's own database (DuckDB reserves the name `main`), and its schema `default`
 * is the engine's `main` schema. `IDENTIFIER(...)` over literals and parameters is resolved
 * here, since the engine has no such clause.
 */
import type { StatementParameter } from '../../core/workspace-api.js';
import { loadPolyglot, type PolyglotSdk } from './polyglot.js';

/** A statement the warehouse cannot take, with where and why, as Databricks reports it. */
export class SqlDialectError extends Error {
  constructor(
    readonly errorClass: 'PARSE_SYNTAX_ERROR' | 'UNSUPPORTED_FEATURE' | 'UNBOUND_SQL_PARAMETER',
    readonly reason: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    const where = line !== undefined ? ` (line ${line}, pos ${column ?? 1})` : '';
    const text = errorClass === 'PARSE_SYNTAX_ERROR' ? `Syntax error: ${reason}. SQLSTATE: 42601` : reason;
    super(`[${errorClass}] ${text}${where}`);
  }
}

export interface CatalogNames {
  /** The engine catalog that holds Unity Catalog's `main`. */
  main: string;
  /** Where one-part table names resolve (the statement's `catalog` and `schema`, a dashboard's dataset_catalog/schema). */
  current?: { catalog: string; schema: string };
}

type Node = Record<string, unknown>;

/** Translates one Databricks SQL text (one or more statements) into engine statements. */
export async function translateDatabricksSql(sql: string, parameters: readonly StatementParameter[], catalogs: CatalogNames): Promise<string[]> {
  const sdk = await loadPolyglot();
  const transpiled = sdk.transpile(sql, sdk.Dialect.Databricks, sdk.Dialect.DuckDB, { unsupportedLevel: 'raise' });
  if (!transpiled.success || !transpiled.sql) {
    const located = transpiled as { errorLine?: number; errorColumn?: number };
    const reason = transpiled.error ?? 'the statement could not be translated';
    const errorClass = /parse error|unexpected|expected/i.test(reason) ? 'PARSE_SYNTAX_ERROR' : 'UNSUPPORTED_FEATURE';
    throw new SqlDialectError(errorClass, reason.replace(/^Parse error at line \d+, column \d+: /, ''), located.errorLine, located.errorColumn);
  }
  const statements = transpiled.sql.filter((statement) => !isOnlyComments(statement));
  return statements.map((statement, index) => mapNames(sdk, statement, parameters, catalogs, statements.length > 1 ? index + 1 : undefined));
}

/** A pipeline dataset in SQL: the query after `CREATE OR REFRESH … <name> [(columns, constraints)] AS`. */
const PIPELINE_DATASET = /^\s*CREATE\s+(?:OR\s+REFRESH\s+|OR\s+REPLACE\s+)?(?:PRIVATE\s+)?(?:STREAMING\s+TABLE|MATERIALIZED\s+VIEW|TEMPORARY\s+VIEW|LIVE\s+TABLE|VIEW)\s+[\w.`]+\s*(?:\([\s\S]*?\)\s*)?(?:COMMENT\s+'[^']*'\s*)?(?:TBLPROPERTIES\s*\([^)]*\)\s*)?AS\s+/i;

/**
 * Whether a Databricks SQL text parses (pipeline sources, which the engine does not run): the
 * error, or undefined. The transpiler keeps pipeline DDL as opaque text, so the query inside
 * each dataset is parsed on its own, with `STREAM(x)` read as `x`.
 */
export async function databricksParseError(sql: string): Promise<SqlDialectError | undefined> {
  const sdk = await loadPolyglot();
  type Parsed = { success: boolean; ast?: unknown[]; error?: string; errorLine?: number; errorColumn?: number };
  const failure = (parsed: Parsed, lineOffset: number): SqlDialectError =>
    new SqlDialectError('PARSE_SYNTAX_ERROR', (parsed.error ?? 'the text does not parse').replace(/^Parse error at line \d+, column \d+: /, ''), parsed.errorLine !== undefined ? parsed.errorLine + lineOffset : undefined, parsed.errorColumn);
  const parsed = sdk.parse(sql, sdk.Dialect.Databricks) as Parsed;
  if (!parsed.success) return failure(parsed, 0);
  for (const node of parsed.ast ?? []) {
    const raw = (node as { raw?: { sql?: string } }).raw?.sql;
    const head = raw ? PIPELINE_DATASET.exec(raw) : null;
    if (!raw || !head) continue;
    const query = raw.slice(head[0].length).replace(/\bSTREAM\s*\(\s*([\w.`]+)\s*\)/gi, '$1').replace(/\bSTREAM\s+([\w.`]+)/gi, '$1');
    const lineOffset = (sql.slice(0, Math.max(0, sql.indexOf(raw))) + head[0]).split('\n').length - 1;
    const inner = sdk.parse(query, sdk.Dialect.Databricks) as Parsed;
    if (!inner.success) return failure(inner, lineOffset);
  }
  return undefined;
}

function mapNames(sdk: PolyglotSdk, statement: string, parameters: readonly StatementParameter[], catalogs: CatalogNames, ordinal: number | undefined): string {
  const parsed = sdk.parse(statement, sdk.Dialect.DuckDB);
  // What the transpiler wrote but cannot read back goes to the engine unchanged: the engine's own error is then the answer.
  if (!parsed.success || !Array.isArray(parsed.ast)) return statement;
  // A statement the transpiler kept as opaque text was not translated: its names cannot be mapped either.
  if (parsed.ast.some((node) => typeof node === 'object' && node !== null && 'raw' in node)) {
    const words = statement.trim().split(/\s+/).slice(0, 2).join(' ').toUpperCase();
    throw new SqlDialectError('UNSUPPORTED_FEATURE', `${words} statements are not translated to the local warehouse's SQL${ordinal !== undefined ? ` (statement ${ordinal} of the text)` : ''}`, undefined, undefined);
  }
  const cteNames = new Set<string>();
  rewrite(parsed.ast, (node) => {
    for (const cte of (node.ctes as Array<{ alias?: { name?: string } }> | undefined) ?? []) if (cte.alias?.name) cteNames.add(cte.alias.name.toLowerCase());
    return undefined;
  });
  const ast = rewrite(parsed.ast, (node) => rewriteNode(sdk, node, parameters, catalogs, cteNames)) as unknown[];
  const generated = sdk.generate(ast, sdk.Dialect.DuckDB);
  return generated.success && generated.sql?.[0] ? generated.sql.join(';\n') : statement;
}

function rewriteNode(sdk: PolyglotSdk, node: Node, parameters: readonly StatementParameter[], catalogs: CatalogNames, cteNames: Set<string>): Node | undefined {
  // A table reference, wherever it sits (FROM, INTO, CREATE TABLE, MERGE, SHOW …).
  if ('name' in node && 'schema' in node && 'catalog' in node) {
    const name = (node.name as { name?: string } | null)?.name?.toLowerCase() ?? '';
    if (catalogs.current && node.schema === null && node.catalog === null && !cteNames.has(name)) {
      const identifier = (text: string): Node => ({ name: text, quoted: true, trailing_comments: [] });
      return { ...node, catalog: engineCatalog(identifier(catalogs.current.catalog), catalogs), schema: engineSchema(identifier(catalogs.current.schema), identifier(catalogs.current.catalog)) };
    }
    return { ...node, catalog: engineCatalog(node.catalog, catalogs), schema: engineSchema(node.schema, node.catalog) };
  }
  const createSchema = node.create_schema as Node | undefined;
  if (createSchema && Array.isArray(createSchema.name) && createSchema.name.length === 2) {
    const [catalog, schema] = createSchema.name as Node[];
    return { create_schema: { ...createSchema, name: [engineCatalog(catalog, catalogs), schema] } };
  }
  const fn = node.function as Node | undefined;
  if (fn && typeof fn.name === 'string') {
    const name = fn.name.toUpperCase();
    // Databricks writes current_timestamp(); the engine knows it only as a keyword.
    if ((name === 'CURRENT_TIMESTAMP' || name === 'NOW') && Array.isArray(fn.args) && fn.args.length === 0) {
      return { function: { ...fn, name: 'CURRENT_TIMESTAMP', no_parens: true } };
    }
    if (name === 'IDENTIFIER' && Array.isArray(fn.args) && fn.args.length === 1) {
      return tableNode(sdk, identifierText(fn.args[0] as Node, parameters), catalogs);
    }
  }
  return undefined;
}

function engineCatalog(catalog: unknown, catalogs: CatalogNames): unknown {
  const identifier = catalog as { name?: string } | null;
  return identifier?.name?.toLowerCase() === 'main' ? { ...identifier, name: catalogs.main, quoted: true } : catalog;
}

function engineSchema(schema: unknown, catalog: unknown): unknown {
  const identifier = schema as { name?: string } | null;
  const inMain = catalog === null || (catalog as { name?: string }).name?.toLowerCase() === 'main';
  return inMain && identifier?.name?.toLowerCase() === 'default' ? { ...identifier, name: 'main', quoted: true } : schema;
}

/** The name an IDENTIFIER clause stands for: string literals and bound parameters, concatenated. */
function identifierText(node: Node, parameters: readonly StatementParameter[]): string {
  const literal = node.literal as { literal_type?: string; value?: string } | undefined;
  if (literal?.literal_type === 'string' && typeof literal.value === 'string') return literal.value;
  const parameter = node.parameter as { name?: string } | undefined;
  if (parameter?.name) {
    const bound = parameters.find((p) => p.name === parameter.name);
    if (!bound || bound.value === undefined || bound.value === null) {
      throw new SqlDialectError('UNBOUND_SQL_PARAMETER', `Found the unbound parameter: ${parameter.name}. Please fix \`args\` and provide a mapping of the parameter to a SQL literal.`, undefined, undefined);
    }
    return bound.value;
  }
  const fn = node.function as { name?: string; args?: Node[] } | undefined;
  if (fn?.name?.toUpperCase() === 'CONCAT' && Array.isArray(fn.args)) return fn.args.map((arg) => identifierText(arg, parameters)).join('');
  throw new SqlDialectError('UNSUPPORTED_FEATURE', 'IDENTIFIER() takes string literals and parameters only on the local warehouse', undefined, undefined);
}

function tableNode(sdk: PolyglotSdk, name: string, catalogs: CatalogNames): Node {
  const parts = name.split('.').map((part) => part.replace(/^`(.*)`$/, '$1'));
  if (parts.length > 3 || parts.some((part) => part === '')) {
    throw new SqlDialectError('UNSUPPORTED_FEATURE', `IDENTIFIER('${name}') is not a table name`, undefined, undefined);
  }
  const quoted = parts.map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
  const parsed = sdk.parse(`SELECT * FROM ${quoted}`, sdk.Dialect.DuckDB);
  const from = (parsed.ast as Array<{ select: { from: { expressions: Node[] } } }> | undefined)?.[0]?.select.from.expressions[0];
  if (!from) throw new SqlDialectError('UNSUPPORTED_FEATURE', `IDENTIFIER('${name}') is not a table name`, undefined, undefined);
  const table = from.table as Node;
  return { ...from, table: { ...table, catalog: engineCatalog(table.catalog, catalogs), schema: engineSchema(table.schema, table.catalog) } };
}

/** Depth-first copy of a JSON tree; `change` may replace a node (its replacement is not walked again). */
function rewrite(value: unknown, change: (node: Node) => Node | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, change));
  if (value === null || typeof value !== 'object') return value;
  const replaced = change(value as Node);
  if (replaced) return replaced;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, rewrite(child, change)]));
}

function isOnlyComments(statement: string): boolean {
  return statement.replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
