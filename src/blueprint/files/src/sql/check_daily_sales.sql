-- The job's last task: fail the run (and so notify alert_email) when the pipeline left no
-- daily totals behind. The job passes its catalog and schema parameters to this query.
SELECT assert_true(count(*) > 0, 'daily_sales is empty after the pipeline update') AS has_daily_sales
FROM IDENTIFIER(:catalog || '.' || :schema || '.daily_sales');
