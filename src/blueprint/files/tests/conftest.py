"""Fixtures shared by the three test layers (tests/unit, tests/integration, tests/nonfunctional).

`dataops test <layer>` runs them with pytest and sets, for the layers that need a deployment:
  DATABRICKS_BUNDLE_TARGET   the target the tests run against
  DATAOPS_BUNDLE_SUMMARY     a file holding `databricks bundle summary -o json` of that target
Credentials come from the usual Databricks variables (DATABRICKS_HOST with DATABRICKS_TOKEN,
or DATABRICKS_CLIENT_ID with GitHub OIDC), never from this repository.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTALL = "curl -fsSL https://raw.githubusercontent.com/dataops-platform/dataops/main/install.sh | sh"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def dataops() -> Callable[..., subprocess.CompletedProcess]:
    """Runs the dataops binary in the project root and returns what it printed."""
    executable = os.environ.get("DATAOPS_BIN") or shutil.which("dataops")
    if executable is None:
        pytest.fail(f"dataops is not on PATH: install it with {INSTALL}")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([executable, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)

    return run


@pytest.fixture(scope="session")
def bundle_target() -> str:
    return os.environ.get("DATABRICKS_BUNDLE_TARGET", "sandbox")


@pytest.fixture(scope="session")
def deployed_id() -> Callable[[str, str], str]:
    """The workspace id of a deployed resource, e.g. deployed_id("jobs", "daily_ingestion_job").

    Ids come from the bundle summary of the target under test, so the tests look at this
    deployment's resources and never at a same-named one of somebody else.
    """
    path = os.environ.get("DATAOPS_BUNDLE_SUMMARY")
    if not path:
        pytest.fail("DATAOPS_BUNDLE_SUMMARY is not set: run these tests with `dataops test <layer> -t <target>`")
    with open(path, encoding="utf-8") as file:
        resources = json.load(file).get("resources", {})

    def find(kind: str, key: str) -> str:
        resource = resources.get(kind, {}).get(key, {})
        assert resource.get("id"), f"{kind}.{key} is not deployed to this target: deploy it first (task db-deploy:sandbox)"
        return resource["id"]

    return find
