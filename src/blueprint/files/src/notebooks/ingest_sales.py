# Databricks notebook source
# MAGIC %md
# MAGIC # Daily sales ingestion
# MAGIC
# MAGIC Copies the sales not loaded yet from `source_table` into `<catalog>.<schema>.raw_sales`.
# MAGIC The job passes `catalog`, `schema` and `source_table` as job parameters; the sales
# MAGIC pipeline then cleans them (with expectations) and aggregates them per day.
# MAGIC Re-running it loads nothing twice: rows are merged on `order_id`.

# COMMAND ----------

dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "__SCHEMA_NAME__")
dbutils.widgets.text("source_table", "samples.tpch.orders")

catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")
source_table = dbutils.widgets.get("source_table")
target_table = f"`{catalog}`.`{schema}`.raw_sales"

# COMMAND ----------

spark.sql(f"CREATE SCHEMA IF NOT EXISTS `{catalog}`.`{schema}`")
spark.sql(
    f"""
    CREATE TABLE IF NOT EXISTS {target_table} (
      order_id BIGINT,
      customer_id BIGINT,
      order_date DATE,
      amount DECIMAL(18, 2),
      ingested_at TIMESTAMP
    )
    """
)

# COMMAND ----------

new_sales = spark.sql(
    f"""
    SELECT o_orderkey AS order_id,
           o_custkey AS customer_id,
           o_orderdate AS order_date,
           CAST(o_totalprice AS DECIMAL(18, 2)) AS amount,
           current_timestamp() AS ingested_at
    FROM {source_table}
    """
)
new_sales.createOrReplaceTempView("new_sales")

merged = spark.sql(
    f"""
    MERGE INTO {target_table} AS target
    USING new_sales AS source
    ON target.order_id = source.order_id
    WHEN NOT MATCHED THEN INSERT *
    """
)
display(merged)
