/**
 * What the local engine is given when it opens, so that Databricks SQL that names them runs:
 * functions Databricks has and DuckDB lacks, and a small `samples.tpch.orders`.
 */

/** Temporary macros: they live as long as the connection and never reach the warehouse file. */
export const WAREHOUSE_FUNCTIONS_SQL = `
CREATE OR REPLACE TEMP MACRO assert_true
  (condition) AS CASE WHEN condition THEN NULL ELSE error('[USER_RAISED_EXCEPTION] The assertion is not true!') END,
  (condition, message) AS CASE WHEN condition THEN NULL ELSE error('[USER_RAISED_EXCEPTION] ' || message) END;
CREATE OR REPLACE TEMP MACRO raise_error(message) AS error('[USER_RAISED_EXCEPTION] ' || message);
CREATE OR REPLACE TEMP MACRO initcap(text) AS array_to_string(list_transform(string_split(lower(text), ' '), w -> upper(w[1]) || w[2:]), ' ');
`;

/**
 * The first 1,500 orders of a TPC-H-shaped table, dated over the last 120 days from the day the
 * data dir was made (Databricks' samples.tpch.orders is the real TPC-H; this is a stand-in
 * of the same columns, so notebooks and queries written against it run).
 */
export const SAMPLES_SQL = `
CREATE SCHEMA IF NOT EXISTS samples.tpch;
CREATE TABLE IF NOT EXISTS samples.tpch.orders AS
SELECT
  i::BIGINT AS o_orderkey,
  (1 + (i * 7919) % 150)::BIGINT AS o_custkey,
  ['O', 'F', 'P'][1 + i % 3] AS o_orderstatus,
  round(100 + ((i * 7243) % 90000) / 100.0, 2)::DECIMAL(18, 2) AS o_totalprice,
  (current_date - (i % 120)::INTEGER)::DATE AS o_orderdate,
  ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'][1 + i % 5] AS o_orderpriority,
  'Clerk#' || lpad(((i * 31) % 1000)::VARCHAR, 9, '0') AS o_clerk,
  0 AS o_shippriority,
  'order ' || i AS o_comment
FROM range(1, 1501) AS r(i);
`;
