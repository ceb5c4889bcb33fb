"""Smoke test: every `prefect.yaml` entrypoint imports and is a Prefect flow (no stack needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from prefect.flows import Flow, load_flow_from_entrypoint

PROJECT = Path(__file__).resolve().parents[2]
DEPLOYMENTS = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=[d["name"] for d in DEPLOYMENTS])
def test_prefect_yaml_entrypoint_loads(
    deployment: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROJECT)  # workers run flows from the project folder
    monkeypatch.syspath_prepend(str(PROJECT))
    flow = load_flow_from_entrypoint(str(deployment["entrypoint"]))
    assert isinstance(flow, Flow)
    parameters = set(flow.parameters.properties)
    assert set(deployment.get("parameters") or {}) <= parameters  # type: ignore[arg-type]
    assert deployment["work_pool"]["name"] == "datamuni-procesos"  # type: ignore[index]
    assert "flows" in sys.modules


def test_monthly_schedule_is_chilean_time_within_ten_working_days() -> None:
    scheduled = next(d for d in DEPLOYMENTS if d["name"] == "mensual")["schedules"][0]
    _minute, _hour, day, *_ = scheduled["cron"].split()
    assert scheduled["timezone"] == "America/Santiago"
    assert 1 <= int(day) <= 10
