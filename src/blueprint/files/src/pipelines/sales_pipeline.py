"""The sales pipeline: raw sales in, clean sales and daily totals out.

Expectations are the pipeline's data quality contract: rows that break one are dropped and
counted in the pipeline's event log, so a bad load shows up as a metric, not as a wrong total.
"""

from pyspark import pipelines as dp
from pyspark.sql import functions as F


@dp.table(comment="Sales that passed the data quality expectations.")
@dp.expect_or_drop("has_order_id", "order_id IS NOT NULL")
@dp.expect_or_drop("positive_amount", "amount > 0")
@dp.expect_or_drop("known_date", "order_date IS NOT NULL")
@dp.expect("not_in_the_future", "order_date <= current_date()")
def sales_clean():
    return spark.readStream.table("raw_sales")


@dp.materialized_view(comment="Revenue and order count per day: what the Daily Sales dashboard shows.")
@dp.expect("non_negative_revenue", "revenue >= 0")
def daily_sales():
    return (
        spark.read.table("sales_clean")
        .groupBy("order_date")
        .agg(F.sum("amount").alias("revenue"), F.count("order_id").alias("orders"))
    )
