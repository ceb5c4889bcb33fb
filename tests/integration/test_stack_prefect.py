"""The real Prefect server of the stack: a trivial flow run is recorded as Completed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from datamuni.stack import StackInfo

pytestmark = pytest.mark.integration

FLOW_SCRIPT = """
import sys
from prefect import flow

@flow(name="prueba-stack-" + sys.argv[1])
def sumar(a: int, b: int) -> int:
    return a + b

state = sumar(2, 3, return_state=True)
assert state.result() == 5
print(state.state_details.flow_run_id)
"""


def test_trivial_flow_run_is_completed_on_the_server(
    stack: StackInfo, run_id: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PREFECT_API_URL": stack.prefect_api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", FLOW_SCRIPT, run_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    flow_run_id = result.stdout.strip().splitlines()[-1]
    response = httpx.get(f"{stack.prefect_api_url}/flow_runs/{flow_run_id}", timeout=10)
    assert response.status_code == 200
    assert response.json()["state"]["type"] == "COMPLETED"
    assert response.json()["state"]["name"] == "Completed"


def test_work_pool_has_an_online_process_worker(stack: StackInfo) -> None:
    pool = httpx.get(f"{stack.prefect_api_url}/work_pools/datamuni-procesos", timeout=10)
    assert pool.status_code == 200
    assert pool.json()["type"] == "process"
    workers = httpx.post(
        f"{stack.prefect_api_url}/work_pools/datamuni-procesos/workers/filter", json={}, timeout=10
    ).json()
    assert any(worker["status"] == "ONLINE" for worker in workers)
