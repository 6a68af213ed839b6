"""Integration tests: what was deployed works (`dataops test integration -t staging` in CI,
`task test:integration` against your sandbox). The ids come from the bundle summary, so the
tests look at this deployment's resources, never at same-named ones of somebody else.
"""

from datetime import timedelta

import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.service.dashboards import LifecycleState
from databricks.sdk.service.jobs import RunResultState
from databricks.sdk.service.sql import State


@pytest.fixture(scope="module")
def ws() -> WorkspaceClient:
    return WorkspaceClient()


def test_dashboard_is_published_on_a_live_warehouse(ws, deployed_id):
    """The seed's dashboard check, on AI/BI dashboards (ws.lakeview, not the legacy ws.dashboards)."""
    dashboard_id = deployed_id("dashboards", "daily_sales_dashboard")
    dashboard = ws.lakeview.get(dashboard_id)
    assert dashboard.lifecycle_state == LifecycleState.ACTIVE
    published = ws.lakeview.get_published(dashboard_id)
    assert published.warehouse_id == dashboard.warehouse_id
    warehouse = ws.warehouses.get(dashboard.warehouse_id)
    assert warehouse.state not in (State.DELETED, State.DELETING), f"dashboard warehouse {warehouse.id} is {warehouse.state.value}"


def test_job_is_scheduled_and_notifies_on_failure(ws, deployed_id, bundle_target):
    job = ws.jobs.get(int(deployed_id("jobs", "daily_ingestion_job")))
    settings = job.settings
    assert settings.schedule is not None and settings.schedule.quartz_cron_expression
    if bundle_target != "sandbox":
        assert settings.email_notifications.on_failure, "a shared deployment must tell someone when it fails"


def test_pipeline_publishes_to_this_deployments_schema(ws, deployed_id):
    pipeline = ws.pipelines.get(deployed_id("pipelines", "sales_pipeline"))
    job_parameters = {
        parameter.name: parameter.default
        for parameter in ws.jobs.get(int(deployed_id("jobs", "daily_ingestion_job"))).settings.parameters
    }
    assert pipeline.spec.catalog == job_parameters["catalog"]
    assert pipeline.spec.schema == job_parameters["schema"]


def test_job_runs_to_success(ws, deployed_id):
    """Runs the whole ingestion once: notebook, pipeline update and the SQL check."""
    job_id = int(deployed_id("jobs", "daily_ingestion_job"))
    run = ws.jobs.run_now(job_id=job_id).result(timeout=timedelta(minutes=45))
    assert run.state.result_state == RunResultState.SUCCESS, run.state.state_message
