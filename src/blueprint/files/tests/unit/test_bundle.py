"""Unit tests: the bundle is correct before anything is deployed (`task test:unit`, every push).

`dataops validate` resolves every target as the Databricks CLI would and runs the rule catalog
(schema, names, references, files, schedules, SQL, dashboards, production safety).
"""

import json
from pathlib import Path

import pytest
import yaml

TARGETS = ["sandbox", "staging", "prod"]


@pytest.fixture(scope="module")
def validation(dataops) -> dict:
    result = dataops("validate", "--format", "json")
    assert result.returncode in (0, 1), f"dataops validate could not check the bundle:\n{result.stderr}"
    return json.loads(result.stdout)


def describe(findings: list) -> str:
    return "\n".join(f"{f['file']}:{f['line']}: [{f['rule']}] {f['message']} ({f['target'] or 'every target'})" for f in findings)


def test_every_target_is_validated(validation):
    assert sorted(validation["summary"]["targets"]) == sorted(TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_target_has_no_findings(validation, target):
    findings = [f for f in validation["findings"] if f["target"] in (target, None)]
    assert findings == [], describe(findings)


def load_yaml(project_root: Path, relative: str) -> dict:
    with open(project_root / relative, encoding="utf-8") as file:
        return yaml.safe_load(file)


def test_dashboard_files_exist(project_root):
    """The seed's example: every dashboard's .lvdash.json is in the repository."""
    dashboards = load_yaml(project_root, "resources/dashboards.yml")["resources"]["dashboards"]
    for key, settings in dashboards.items():
        path = project_root / "resources" / settings["file_path"]
        assert path.is_file(), f"dashboard {key}: source file {path} not found"


def test_dashboard_widgets_use_defined_datasets(project_root):
    dashboards = load_yaml(project_root, "resources/dashboards.yml")["resources"]["dashboards"]
    for key, settings in dashboards.items():
        with open(project_root / "resources" / settings["file_path"], encoding="utf-8") as file:
            dashboard = json.load(file)
        datasets = {dataset["name"] for dataset in dashboard["datasets"]}
        used = {
            query["query"]["datasetName"]
            for page in dashboard["pages"]
            for item in page["layout"]
            for query in item["widget"].get("queries", [])
        }
        assert used <= datasets, f"dashboard {key} uses undefined datasets {sorted(used - datasets)}"


def test_scheduled_jobs_notify_on_failure(project_root):
    jobs = load_yaml(project_root, "resources/jobs.yml")["resources"]["jobs"]
    for key, job in jobs.items():
        if "schedule" in job:
            assert job.get("email_notifications", {}).get("on_failure"), f"job {key} runs on a schedule but tells nobody when it fails"
