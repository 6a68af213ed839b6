-- The Daily Sales dashboard's main query, as `dataops slo` measures it after each production
-- deployment (dataops.yml, slo.queries). It names production's table: keep it in step with the
-- catalog and schema variables of databricks.yml.
SELECT order_date, revenue, orders
FROM main.__SCHEMA_NAME__.daily_sales
WHERE order_date >= date_sub(current_date(), 90)
ORDER BY order_date
