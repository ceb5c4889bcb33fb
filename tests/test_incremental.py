"""`run_incremental` decides when to ask CKAN; the real round trips are in tests/integration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from datamuni import incremental, pipeline
from datamuni.publishing import fingerprint
from datamuni.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "municipios" / "05101" / "remuneraciones-contrata-2026-10.csv"


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Record the CKAN checks asked for and the pipeline runs (with the fingerprint they record)."""
    found: dict[str, list[Any]] = {"asked": [], "runs": []}

    def skip_if_unchanged(*args: Any) -> None:
        found["asked"].append(args[3].name)  # the kind: recognised when none was named
        return None  # "changed": the pipeline runs

    def run_dataset(settings: Settings, **kwargs: Any) -> str:
        found["runs"].append(dict(kwargs, recorded=fingerprint.current()))
        return "pipeline"

    monkeypatch.setattr(incremental, "skip_if_unchanged", skip_if_unchanged)
    monkeypatch.setattr(pipeline, "run_dataset", run_dataset)
    return found


def run(tmp_path: Path, **extra: Any) -> Any:
    settings = Settings(project_dir=ROOT, state_dir=tmp_path / "estado")
    arguments: dict[str, Any] = {
        "source": SOURCE,
        "kind": "remuneraciones",
        "municipality": "Valparaíso",
        "period": "2026-10",
        "token": SecretStr("token-de-prueba"),
    }
    return incremental.run_incremental(settings, **(arguments | extra))


def test_changed_input_asks_ckan_once_then_runs_and_records_the_fingerprint(
    tmp_path: Path, seen: dict[str, list[Any]]
) -> None:
    assert run(tmp_path) == "pipeline"
    assert seen["asked"] == ["remuneraciones"]
    (call,) = seen["runs"]
    assert (
        call["recorded"].startswith(f"v{fingerprint.VERSION}:")
        and call["republish_withdrawn"] is False
    )
    assert call["municipality"] == "Valparaíso"  # passed on as given; hashed as its CUT
    assert run(tmp_path, municipality="05101") == "pipeline"
    assert seen["runs"][1]["recorded"] == call["recorded"]


def test_kind_is_recognised_from_the_headers_when_not_named(
    tmp_path: Path, seen: dict[str, list[Any]]
) -> None:
    run(tmp_path, kind=None)
    assert seen["asked"] == ["remuneraciones"]
    assert seen["runs"][0]["kind"] is None  # the pipeline recognises it again, as always


@pytest.mark.parametrize(
    "option", [{"force": True}, {"republish_withdrawn": True}, {"dry_run": True}]
)
def test_forced_withdrawn_or_simulated_runs_never_take_the_fast_path(
    tmp_path: Path, seen: dict[str, list[Any]], option: dict[str, bool]
) -> None:
    assert run(tmp_path, **option) == "pipeline"
    assert seen["asked"] == []
    (call,) = seen["runs"]
    assert call["republish_withdrawn"] is option.get("republish_withdrawn", False)
    assert call["recorded"].startswith(
        f"v{fingerprint.VERSION}:"
    )  # a simulation shows what a real run records
