import type { Location } from '../bundle/model.js';
import { datasetQueries, parsedDashboards } from '../lakeview.js';
import { stringsIn } from './config.js';
import type { Problem, Rule, RuleContext, SqlSyntaxError } from './rule.js';

interface SqlText {
  what: string;
  text: string;
  /** Where line `line`, column `column` of the SQL is in a file a person can open. */
  place(error: SqlSyntaxError): Location | undefined;
}

/** `.sql` files the target points at: SQL tasks, SQL notebooks, pipeline libraries. */
function sqlFiles({ target, files }: RuleContext): SqlText[] {
  const seen = new Set<string>();
  const texts: SqlText[] = [];
  for (const local of target.localPaths) {
    if (local.local === null || /[*?[]/.test(local.local)) continue;
    // A notebook path may leave out its extension.
    const file = local.local.endsWith('.sql') ? local.local : !/\.\w+$/.test(local.local) && files.exists(`${local.local}.sql`) ? `${local.local}.sql` : undefined;
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    const text = files.read(file);
    if (text !== undefined) texts.push({ what: file, text, place: (e) => ({ file, line: e.line, column: e.column }) });
  }
  return texts;
}

/** Dataset queries of the target's dashboards, placed inside the .lvdash.json file. */
function dashboardQueries(context: RuleContext): SqlText[] {
  const texts: SqlText[] = [];
  for (const { dashboard, parsed } of parsedDashboards(context)) {
    if (!parsed.ok) continue; // the dashboard-dataset rule reports it
    for (const query of datasetQueries(parsed.json)) {
      texts.push({
        what: `dataset ${query.dataset} of dashboard ${dashboard.key}`,
        text: query.sql,
        place: (e) => {
          const at = parsed.locate(query.lineAt(e.line));
          // Inside a JSON string the SQL starts one column after the opening quote.
          return at && dashboard.file ? { ...at, column: at.column + e.column } : at;
        },
      });
    }
  }
  return texts;
}

/** SQL written inline in the configuration (alerts' `query_text`). */
function inlineQueries({ target }: RuleContext): SqlText[] {
  const texts: SqlText[] = [];
  for (const string of stringsIn(target.config)) {
    if (string.field !== 'query_text') continue;
    const { text, path } = string;
    if (path[0] !== 'resources') continue;
    texts.push({ what: `query_text of ${path.slice(1, 3).join('.')}`, text, place: () => target.locate(path) });
  }
  return texts;
}

export const sqlSyntax: Rule = {
  id: 'sql-syntax',
  severity: 'error',
  doc: {
    summary: 'SQL that the Spark SQL grammar rejects',
    description:
      'SQL files of SQL tasks, SQL notebooks and pipelines, dashboard dataset queries and alert queries are parsed with a Spark SQL grammar, so a typo (`ORDER BYY`, a missing comma) fails the pull request instead of the nightly run. Templates (`${var.catalog}`, `{{date}}`, `:param`) and Unity Catalog three-part names are understood; statements in Databricks-only syntax (streaming tables, `QUALIFY`, `COPY INTO`, …) are not judged, so valid SQL is never reported.',
    bad: 'resources:\n  jobs:\n    report:\n      name: report\n      email_notifications: { on_failure: [data-team@example.com] }\n      tasks:\n        - task_key: totals\n          sql_task:\n            warehouse_id: 0123456789abcdef\n            file: { path: ./src/totals.sql }\n# src/totals.sql\nSELECT order_date, SUM(amount) AS total\nFROM main.sales.orders\nGROUP BY order_date\nORDER BYY order_date',
    good: 'resources:\n  jobs:\n    report:\n      name: report\n      email_notifications: { on_failure: [data-team@example.com] }\n      tasks:\n        - task_key: totals\n          sql_task:\n            warehouse_id: 0123456789abcdef\n            file: { path: ./src/totals.sql }\n# src/totals.sql\nSELECT order_date, SUM(amount) AS total\nFROM main.sales.orders\nGROUP BY order_date\nORDER BY order_date',
  },
  async check(context) {
    const texts = [...sqlFiles(context), ...dashboardQueries(context), ...inlineQueries(context)];
    const results = await Promise.all(texts.map(async (sql) => ({ sql, errors: await context.sql.check(sql.text) })));
    return results.flatMap(({ sql, errors }) =>
      errors.map(
        (error): Problem => ({
          message: error.unchecked
            ? `SQL in ${sql.what} (line ${error.line}) not checked: ${error.message}`
            : `SQL syntax error in ${sql.what} (line ${error.line}, column ${error.column}): ${error.message}`,
          location: sql.place(error),
          hint: error.unchecked
            ? 'split the statement, or move long literals into a table or a file'
            : 'the statement is checked against the Spark SQL grammar; fix the SQL near this position',
        }),
      ),
    );
  },
};
