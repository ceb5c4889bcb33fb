"""Fault: the Prefect worker (and the flow process it started) is killed mid-flow.

The previously published version stays intact and downloadable, the progress store records no
publication for the killed run, and a re-run completes the work without a duplicate resource.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path
from typing import Any

import ckanapi
import pytest
import requests
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from benchmarks.synth import generate
from datamuni.progress import ProgressStore
from datamuni.settings import Settings
from datamuni.stack import StackInfo
from tests.integration.pool_support import deployed_pool, start_worker, stop_worker
from tests.integration.test_flows_deployments import (  # noqa: F401  (fixtures)
    deployed,
    logs_of,
    prefect_api,
    prefect_env,
)

PROJECT = Path(__file__).resolve().parents[2]
DATASET = "remuneraciones-valparaiso"
PERIOD = "2026-10"
SMALL = PROJECT / "municipios/05101/remuneraciones-contrata-2026-10.csv"
pytestmark = pytest.mark.integration


def _run(pool: str, source: Path) -> FlowRun:
    parameters = {"cut": "05101", "tipo": "remuneraciones", "periodo": PERIOD}
    run = run_deployment(
        f"publicar-conjunto/{pool}",
        parameters={**parameters, "fuente": str(source), "forzar": True},
        timeout=0,
        as_subflow=False,
    )
    assert isinstance(run, FlowRun)
    return run


def _wait(run: FlowRun, until: Any, limit: float = 600) -> Any:
    deadline = time.monotonic() + limit
    with get_client(sync_client=True) as client:
        while True:
            state = client.read_flow_run(run.id).state
            if until(state):
                return state
            assert time.monotonic() < deadline, state
            time.sleep(1)


def _period_resources(ckan: ckanapi.RemoteCKAN) -> list[dict[str, Any]]:
    dataset = ckan.action.package_show(id=DATASET)
    return [r for r in dataset["resources"] if r.get("name") == PERIOD]


def _download(resource: dict[str, Any]) -> bytes:
    response = requests.get(resource["url"], timeout=60)
    response.raise_for_status()
    return response.content


def test_worker_killed_mid_flow_keeps_the_previous_version_and_the_rerun_completes(
    deployed: StackInfo,  # noqa: F811
    stack_settings: Settings,
    ckan_anonymous: ckanapi.RemoteCKAN,
    run_id: str,
    tmp_path: Path,
) -> None:
    env = prefect_env(deployed)
    big = tmp_path / "remuneraciones-grande.csv"
    generate(big, 400_000, seed=int(hashlib.sha256(run_id.encode()).hexdigest()[:6], 16))
    with deployed_pool(f"mata-{run_id}", env) as pool:
        _kill_and_rerun(pool, env, big, stack_settings, ckan_anonymous, tmp_path)


def _kill_and_rerun(
    pool: str,
    env: dict[str, str],
    big: Path,
    stack_settings: Settings,
    ckan_anonymous: ckanapi.RemoteCKAN,
    tmp_path: Path,
) -> None:
    worker = start_worker(pool, f"{pool}-1", env, tmp_path / "worker-1.log")
    try:
        # The previous version: the small file, published and downloadable.
        first = _run(pool, SMALL)
        assert _wait(first, lambda s: s is not None and s.is_final()).is_completed()
        (before,) = _period_resources(ckan_anonymous)
        previous = _download(before)
        # The big file: kill the worker and its flow process while the run is processing.
        killed = _run(pool, big)
        _wait(killed, lambda s: s is not None and s.is_running())
        # well inside the run: 400,000 rows take the pipeline several seconds to read, check,
        # protect and publish (150,000 rows and 4 s no longer did: it had published by then)
        time.sleep(2)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        (after_kill,) = _period_resources(ckan_anonymous)
        assert after_kill["id"] == before["id"]
        assert _download(after_kill) == previous, "the previous version changed under a killed run"
        with ProgressStore(stack_settings.progress_url()) as store:
            recorded = [e for e in store.events("05101") if e.run_id == str(killed.id)]
        assert not [e for e in recorded if str(e.outcome) in ("publicado", "en cuarentena")]
        # A new worker; the re-run completes and updates the same resource, no duplicate.
        worker = start_worker(pool, f"{pool}-2", env, tmp_path / "worker-2.log")
        again = _run(pool, big)
        assert _wait(again, lambda s: s is not None and s.is_final()).is_completed(), logs_of(
            again.id
        )
        (updated,) = _period_resources(ckan_anonymous)
        assert updated["id"] == before["id"]
        assert _download(updated) != previous
    finally:
        stop_worker(worker)
