"""Flows on the real stack: `prefect deploy --all`, a deployment run that publishes to CKAN."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ckanapi
import pytest
from prefect.blocks.system import Secret
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL, temporary_settings

from datamuni.progress import ProgressStore
from datamuni.publishing.bootstrap import prepare_municipality, token_file
from datamuni.settings import Settings
from datamuni.stack import StackInfo
from datamuni.territory import comuna_by_code

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

pytestmark = pytest.mark.integration
DEPLOYMENTS = {
    "publicar-conjunto/manual",
    "publicar-municipio/por-municipio",
    "publicar-nacional/mensual",
    "informe-avance/diario",
}
CANARIES = ("María José", "González Rojas", "munivalpo")


def prefect_env(stack: StackInfo) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": stack.prefect_api_url}


@pytest.fixture(scope="module")
def prefect_api(stack: StackInfo) -> Iterator[StackInfo]:
    """Point this process's Prefect client at the stack's server (never an ephemeral one)."""
    with temporary_settings({PREFECT_API_URL: stack.prefect_api_url}):
        yield stack


@pytest.fixture(scope="module")
def deployed(prefect_api: StackInfo, stack_settings: Settings) -> StackInfo:
    """Deployments registered with `prefect deploy --all`; the Valparaíso token in a Secret."""
    stack = prefect_api
    done = subprocess.run(
        [str(PROJECT / ".venv/bin/prefect"), "--no-prompt", "deploy", "--all"],
        cwd=PROJECT,
        env=prefect_env(stack),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    comuna = comuna_by_code("05101")
    path = token_file(stack_settings, comuna)
    if not path.is_file():
        prepare_municipality(
            stack_settings,
            stack.ckan_token,
            comuna,
            ["personal-y-remuneraciones"],
            revoke_previous=False,  # other tests' Valparaíso tokens stay valid
        )
    token = path.read_text(encoding="utf-8").strip()
    Secret(value=token).save("ckan-token-05101", overwrite=True)  # type: ignore[call-arg]
    return stack


def logs_of(flow_run_id: object) -> list[str]:
    with get_client(sync_client=True) as client:
        found = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))  # type: ignore[list-item]
        )
    return [item.message for item in found]


def test_prefect_deploy_all_registers_every_deployment_with_schedule(deployed: StackInfo) -> None:
    with get_client(sync_client=True) as client:
        found = {
            f"{client.read_flow(d.flow_id).name}/{d.name}": d for d in client.read_deployments()
        }
    assert set(found) >= DEPLOYMENTS
    monthly = found["publicar-nacional/mensual"]
    assert monthly.work_pool_name == "datamuni-procesos"
    schedule = monthly.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 6 3 * *", "America/Santiago")  # type: ignore[union-attr]


def test_deployment_run_publishes_to_ckan_and_records_progress(
    deployed: StackInfo, stack_settings: Settings, ckan_anonymous: ckanapi.RemoteCKAN
) -> None:
    flow_run = run_deployment(
        "publicar-conjunto/manual",
        parameters={"cut": "05101", "tipo": "honorarios", "periodo": "2024-05", "forzar": True},
        timeout=600,
        as_subflow=False,
    )
    assert flow_run.state is not None and flow_run.state.is_completed(), logs_of(flow_run.id)  # type: ignore[union-attr]
    with get_client(sync_client=True) as client:
        # Filter on the server: an unfiltered read returns only the first page of all artifacts.
        mine = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])  # type: ignore[union-attr]
            )
        )
        links = [a for a in mine if a.key == "ckan-05101-honorarios"]
    assert links, "falta el artefacto con el enlace a CKAN"
    dataset_url = str(links[0].data)
    name = dataset_url.rstrip("/").rsplit("/", 1)[-1].split(")")[0]
    dataset = ckan_anonymous.action.package_show(id=name)
    assert dataset["organization"]["name"] == "municipalidad-de-valparaiso"
    assert {a.type for a in mine} >= {"table", "markdown", "progress"}  # links are markdown
    for artifact in mine:
        text = str(artifact.data)
        assert not any(canary in text for canary in CANARIES), artifact.key
    store = ProgressStore(stack_settings.progress_url())
    try:
        runs = [e for e in store.events("05101") if e.run_id == str(flow_run.id)]  # type: ignore[union-attr]
    finally:
        store.close()
    assert [(e.kind, e.period, str(e.outcome)) for e in runs] == [
        ("honorarios", "2024-05", "publicado")
    ]


def test_informe_avance_deployment_completes(deployed: StackInfo) -> None:
    flow_run = run_deployment("informe-avance/diario", timeout=300, as_subflow=False)
    assert flow_run.state is not None and flow_run.state.is_completed()  # type: ignore[union-attr]
