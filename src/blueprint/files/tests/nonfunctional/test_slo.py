"""Non-functional tests: the dashboard's queries answer within their service level objectives
(`dataops test nonfunctional -t <target>`, after each production deployment).

`dataops slo` runs the queries on the target's running warehouse several times, each to a
terminal state, and compares latency percentiles with the objectives in dataops.yml (`slo`).
"""


def test_latency_objectives_are_met(dataops, bundle_target):
    result = dataops("slo", "-t", bundle_target)
    assert result.returncode == 0, f"dataops slo -t {bundle_target} failed:\n{result.stdout}{result.stderr}"
