"""Scale-out: two process workers serving the same pool both run `publicar-conjunto` flows."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment

from datamuni.stack import StackInfo
from tests.integration.pool_support import deployed_pool, start_worker, stop_worker
from tests.integration.test_flows_deployments import (  # noqa: F401  (fixtures)
    deployed,
    logs_of,
    prefect_api,
    prefect_env,
)

pytestmark = pytest.mark.integration


def test_two_workers_on_one_pool_share_the_runs(
    deployed: StackInfo,  # noqa: F811
    run_id: str,
    tmp_path: Path,
) -> None:
    # A pool of its own: the stack's worker serves `datamuni-procesos` and would take every run.
    env = {**prefect_env(deployed), "PREFECT_WORKER_QUERY_SECONDS": "2"}
    names = [f"prueba-{run_id}-{n}" for n in (1, 2)]
    with deployed_pool(f"escala-{run_id}", env) as pool:
        workers = [
            start_worker(pool, name, env, tmp_path / f"{name}.log", "--limit", "1")
            for name in names
        ]
        try:
            parameters = {
                "cut": "05101",
                "tipo": "honorarios",
                "periodo": "2024-05",
                "publicar": False,
                "forzar": True,
            }
            runs = [
                run_deployment(
                    f"publicar-conjunto/{pool}", parameters=parameters, timeout=0, as_subflow=False
                )
                for _ in range(4)
            ]
            deadline = time.monotonic() + 600
            with get_client(sync_client=True) as client:
                while True:
                    states = [client.read_flow_run(run.id).state for run in runs]  # type: ignore[union-attr]
                    if all(state is not None and state.is_final() for state in states):
                        break
                    assert time.monotonic() < deadline, [s.name if s else None for s in states]
                    time.sleep(3)
            assert all(state is not None and state.is_completed() for state in states)
            ran_by = set()
            for run in runs:
                for message in logs_of(run.id):  # type: ignore[union-attr]
                    found = re.search(r"ejecutado por el worker (\S+)", message)
                    if found:
                        ran_by.add(found.group(1))
            assert ran_by == set(names), ran_by
        finally:
            for worker in workers:
                stop_worker(worker)
