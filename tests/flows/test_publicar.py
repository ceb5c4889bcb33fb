"""Flow wiring: run, cache by input hash, artifacts, progress, concurrency limit, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from datamuni.errors import SourceError
from datamuni.progress import ProgressStore
from datamuni.settings import Settings
from flows.publicar import informe_avance, publicar_conjunto, publicar_municipio
from flows.runtime import ckan_limit_name
from tests.flows.flow_helpers import CANARY, StandIn


def artifacts(key: str) -> list[str]:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    return [json.dumps(item.data, ensure_ascii=False) for item in found]


def events(project: Path) -> list[tuple[str, str, str]]:
    store = ProgressStore(Settings(project_dir=project).progress_url())
    try:
        return [(e.kind or "", e.period or "", str(e.outcome)) for e in store.events("05101")]
    finally:
        store.close()


def test_publicar_conjunto_wires_pipeline_artifacts_and_progress(
    project: Path, stand_in: StandIn
) -> None:
    summary = publicar_conjunto("05101", "remuneraciones", periodo="2024-05")
    assert summary["outcome"] == "publicado"
    assert summary["dataset_url"] == "http://127.0.0.1:5999/dataset/05101-remuneraciones-2024-05"
    call = stand_in.calls[0]
    assert call["source"] == project / "municipios/05101/remuneraciones-2024-05.csv"
    assert (call["kind"], call["municipality"], call["period"]) == (
        "remuneraciones",
        "05101",
        "2024-05",
    )
    assert call["token"].get_secret_value() == "token-de-prueba"
    assert summary["validation"] == {"filas": 2, "filas_validas": 2, "hallazgos.error": 0}
    assert events(project) == [("remuneraciones", "2024-05", "publicado")]
    validation = artifacts("validacion-05101-remuneraciones")
    assert validation and "filas_validas" in validation[0]
    assert artifacts("proteccion-05101-remuneraciones")
    assert "dataset/05101-remuneraciones-2024-05" in artifacts("ckan-05101-remuneraciones")[0]
    for key in ("validacion", "proteccion", "ckan"):
        for text in artifacts(f"{key}-05101-remuneraciones"):
            assert "12.345.678" not in text and "gmail" not in text, CANARY
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name(ckan_limit_name(Settings()))
        assert limit.name == "ckan-127-0-0-1-5999" and limit.limit == 4
        progress = [a for a in client.read_artifacts() if a.type == "progress"]
    assert any(a.data == 100.0 for a in progress)


def test_rerun_on_unchanged_input_is_skipped_by_input_hash(
    project: Path, stand_in: StandIn
) -> None:
    publicar_conjunto("05101", "compras")
    publicar_conjunto("05101", "compras")
    assert len(stand_in.calls) == 1
    (project / "municipios/05101/compras-2024-05.csv").write_text("c;d\n3;5\n")
    publicar_conjunto("05101", "compras")
    assert len(stand_in.calls) == 2
    publicar_conjunto("05101", "compras", forzar=True)
    assert len(stand_in.calls) == 3
    (project / "schemas/compras.yaml").write_text("name: compras\nversion: 2\n")
    publicar_conjunto("05101", "compras")
    assert len(stand_in.calls) == 4


def test_data_error_fails_without_retry_and_is_recorded(project: Path, stand_in: StandIn) -> None:
    stand_in.error = SourceError("no se puede leer", path="x.csv")
    with pytest.raises(SourceError):
        publicar_conjunto(
            "05101", "remuneraciones", periodo="2024-04", fuente=str(project / "x.csv")
        )
    assert len(stand_in.calls) == 1
    assert events(project) == [("remuneraciones", "2024-04", "fallido")]


def test_transient_error_is_retried(
    project: Path, stand_in: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import tasks

    monkeypatch.setattr(tasks.ejecutar_conjunto, "retry_delay_seconds", [0, 0])
    stand_in.error = ConnectionError("CKAN no responde")
    with pytest.raises(ConnectionError):
        publicar_conjunto("05101", "compras")
    assert len(stand_in.calls) == 3


def test_publicar_municipio_runs_every_configured_source(project: Path, stand_in: StandIn) -> None:
    results = publicar_municipio("05101", periodo="2024-05")
    assert sorted(r["kind"] for r in results) == ["compras", "remuneraciones"]
    assert sorted(kind for kind, _, _ in events(project)) == ["compras", "remuneraciones"]


def test_informe_avance_creates_markdown_artifact(project: Path, stand_in: StandIn) -> None:
    publicar_conjunto("05101", "remuneraciones", periodo="2024-05")
    text = informe_avance()
    assert "345" in text
    assert artifacts("avance-nacional")


def test_forzar_skips_the_no_change_check_and_runs_the_pipeline(
    project: Path, stand_in: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datamuni.incremental

    asked: list[str] = []

    def unchanged_check(*args: object, **kwargs: object) -> None:
        asked.append("leído")
        return None  # "changed": the pipeline runs

    monkeypatch.setattr(datamuni.incremental, "skip_if_unchanged", unchanged_check)
    # the stand-in project has no real catalogue: give the check a kind and a fingerprint
    monkeypatch.setattr(
        datamuni.incremental, "cached_catalog", lambda settings: {"remuneraciones": 1}
    )
    monkeypatch.setattr(datamuni.incremental, "source_fingerprint", lambda *args: "huella")
    publicar_conjunto("05101", "remuneraciones", periodo="2024-05")
    assert asked == ["leído"] and len(stand_in.calls) == 1
    publicar_conjunto("05101", "remuneraciones", periodo="2024-05", forzar=True)
    assert asked == ["leído"]  # forced: CKAN not even asked
    assert len(stand_in.calls) == 2


def test_progress_artifact_is_complete_even_when_no_row_was_read(project: Path) -> None:
    from prefect import flow

    from flows.summary import ProgressReporter

    @flow
    def answered_without_reading() -> None:
        ProgressReporter("Procesando sin cambios").finish()

    answered_without_reading()
    with get_client(sync_client=True) as client:
        progress = [a for a in client.read_artifacts() if a.type == "progress"]
    assert any(a.data == 100.0 and a.description == "Procesando sin cambios" for a in progress)
