import { describe, expect, it } from 'vitest';
import { sqlSyntax } from '../../../src/core/rules/sql-syntax.js';
import { check, sparkSqlChecker } from '../../helpers/rule-context.js';

const sql = sparkSqlChecker();
const sqlFile = 'resources.jobs.report.tasks[0].sql_task.file.path';

function withSqlFile(text: string) {
  return {
    config: {},
    localPaths: { [sqlFile]: ['../src/daily_sales.sql', 'src/daily_sales.sql'] as [string, string] },
    bundleFiles: { 'src/daily_sales.sql': text },
    sql,
  };
}

describe('sql-syntax', () => {
  it('reports ORDER BYY at its line and column inside the SQL file', async () => {
    const problems = await check(
      sqlSyntax,
      withSqlFile('SELECT order_date, SUM(amount) AS total\nFROM ${var.catalog}.sales.orders\nGROUP BY order_date\nORDER BYY order_date\n'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.location).toEqual({ file: 'src/daily_sales.sql', line: 4, column: 1 });
    expect(problems[0]?.message).toMatch(/^SQL syntax error in src\/daily_sales.sql \(line 4, column 1\): /);
  });

  it('accepts templates, parameters, three-part names and Databricks-only statements', async () => {
    const text = [
      '-- Databricks notebook source',
      'USE CATALOG ${catalog};',
      'CREATE TABLE IF NOT EXISTS main.sales.daily (day DATE, total DOUBLE) CLUSTER BY (day);',
      'CREATE OR REFRESH STREAMING TABLE raw_orders AS SELECT * FROM STREAM read_files("/Volumes/main/raw/orders", format => "json");',
      'INSERT INTO main.sales.daily SELECT day, SUM(amount) FROM {{source_table}} WHERE day >= :start_date GROUP BY day;',
      'SELECT * FROM main.sales.daily QUALIFY row_number() OVER (PARTITION BY day ORDER BY total DESC) = 1;',
      'SELECT payload:customer.id, amount::int FROM main.sales.raw LIMIT {{limit}};',
      'MERGE INTO main.sales.daily t USING updates s ON t.day = s.day WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *;',
    ].join('\n');
    expect(await check(sqlSyntax, withSqlFile(text))).toEqual([]);
  });

  it('still reports a typo in a statement next to Databricks-only ones', async () => {
    const problems = await check(sqlSyntax, withSqlFile('USE CATALOG main;\nSELECT a,, b FROM main.sales.orders;\n'));
    expect(problems.map((p) => p.location?.line)).toEqual([2]);
  });

  it('accepts a metric view (YAML in $$ quotes, apostrophes and semicolons included) and still judges the next statement', async () => {
    const text = [
      'CREATE OR REPLACE VIEW bookings_kpis',
      'WITH METRICS',
      'LANGUAGE YAML',
      'AS $$',
      'version: 1.0',
      "comment: Guests' bookings; revenue and AOV",
      'source: samples.wanderbricks.bookings',
      'measures:',
      '  - name: total_bookings',
      '    expr: COUNT(1)',
      '$$;',
      'SELECT a,, b FROM main.sales.orders;',
    ].join('\n');
    const problems = await check(sqlSyntax, withSqlFile(text));
    expect(problems.map((p) => p.location?.line)).toEqual([12]);
  });

  it('checks dashboard dataset queries and points into the .lvdash.json file', async () => {
    const dashboard = JSON.stringify(
      { datasets: [{ name: 'sales', queryLines: ['SELECT day, amount\n', 'FROM main.sales.orders\n', 'WHERE day >= :start\n', 'ORDER BYY day'] }], pages: [] },
      null,
      2,
    );
    const problems = await check(sqlSyntax, {
      config: {},
      localPaths: { 'resources.dashboards.sales.file_path': ['../src/sales.lvdash.json', 'src/sales.lvdash.json'] },
      bundleFiles: { 'src/sales.lvdash.json': dashboard },
      sql,
    });
    const line = dashboard.split('\n').findIndex((l) => l.includes('ORDER BYY')) + 1;
    expect(problems.map((p) => [p.message.split(':')[0], p.location?.file, p.location?.line])).toEqual([
      ['SQL syntax error in dataset sales of dashboard sales (line 4, column 1)', 'src/sales.lvdash.json', line],
    ]);
  });
});
