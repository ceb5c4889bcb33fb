"""The whole journey without CKAN: packages what passed, blocks what must not leave."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from datamuni.pipeline import run_dataset
from datamuni.run_result import OUTCOME_BLOCKED, OUTCOME_VALIDATED, RunResult
from datamuni.settings import Settings
from tests.pipeline_support import isolated_settings

CANARY_RUT = "12.345.678-5"
CANARY_MAIL = "canario.pipeline@gmail.com"
HEADER = (
    "organismo_nombre;anyo;Mes;Tipo Estamento;Nombres;Paterno;Materno;grado_eus;Tipo cargo;"
    "remuneracionbruta_mensual;remuliquida_mensual;fecha_ingreso;fecha_termino;observaciones"
)


def _row(name: str, gross: str, note: str = "") -> str:
    return (
        f"Municipalidad de Valparaíso;2026;Octubre;Profesional;{name};Pérez;Soto;8;Jefa;"
        f'"{gross}";1.000.000;01/03/2015;;{note}'
    )


def _run_remuneraciones(settings: Settings, source: Path) -> RunResult:
    """Valparaíso's October staff pay, packaged but not published."""
    return run_dataset(
        settings,
        source=source,
        kind="remuneraciones",
        municipality="05101",
        period="2026-10",
        publish=False,
    )


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "remuneraciones.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("latin-1"))
    return path


def test_package_holds_valid_rows_and_no_personal_data(tmp_path: Path) -> None:
    rows = [_row(f"Ana{i}", "2.500.000", f"llamar {CANARY_RUT} o {CANARY_MAIL}") for i in range(20)]
    rows.append(_row("Mala", "no es numero"))
    source = _write(tmp_path, rows)
    before = source.read_bytes()
    result = run_dataset(
        isolated_settings(tmp_path),
        source=source,
        kind=None,
        municipality="Valparaíso",
        period="2026-10",
        publish=False,
    )
    assert result.outcome == OUTCOME_VALIDATED
    assert (result.rows_total, result.rows_valid, result.rows_quarantined) == (21, 20, 1)
    assert result.exit_code == 1
    assert result.package is not None
    data = result.package.data_path.read_text(encoding="utf-8")
    assert data.count("\n") == 21  # header + 20 rows
    assert "2500000" in data
    assert source.read_bytes() == before
    published = b"".join(p.read_bytes() for p in result.package.path.rglob("*") if p.is_file())
    reports = b"".join(
        p.read_bytes()
        for p in result.run_folder.iterdir()
        if p.is_file() and p.name != "cuarentena.csv"
    )
    for canary in (CANARY_RUT, CANARY_MAIL, "12345678"):
        assert canary.encode() not in published
        assert canary.encode() not in reports
    quarantine = result.run_folder / "cuarentena.csv"
    assert quarantine.stat().st_mode & 0o077 == 0


def test_blocked_dataset_is_not_packaged(tmp_path: Path) -> None:
    rows = [_row("Ana", "2.500.000"), _row("Mala", "x"), _row("Otra", "y")]
    settings = isolated_settings(tmp_path)
    result = run_dataset(
        settings,
        source=_write(tmp_path, rows),
        kind="remuneraciones",
        municipality="05101",
        period="2026-10",
        publish=False,
    )
    assert result.outcome == OUTCOME_BLOCKED
    assert result.exit_code == 2
    assert result.package is None
    assert result.block_reasons
    packages = settings.resolve(settings.datapackages_dir)
    assert not any(packages.rglob("*.csv"))
    assert not [p for p in packages.rglob("*") if p.name.endswith(".tmp")]  # draft removed


def test_a_run_failing_mid_stream_leaves_no_draft_package(tmp_path: Path) -> None:
    from datamuni.errors import SourceError

    rows = [_row(f"Ana{i}", "2.500.000") for i in range(20_000)]  # beyond the detection sample
    source = _write(tmp_path, rows)
    source.write_bytes(source.read_bytes() + b"Municipalidad\x00rota;2026\n")  # binary tail
    settings = isolated_settings(tmp_path)
    with pytest.raises(SourceError, match="bytes nulos"):
        _run_remuneraciones(settings, source)
    packages = settings.resolve(settings.datapackages_dir)
    assert not [p for p in packages.rglob("*") if p.is_file() or p.name.endswith(".tmp")]
    # the failed run still records what it read (hashed beside the reading, written after it)
    (facts,) = (tmp_path / "runs").rglob("fuente.json")
    sha256 = json.loads(facts.read_text(encoding="utf-8"))["sha256"]
    assert sha256 == hashlib.sha256(source.read_bytes()).hexdigest()


def test_unknown_kind_is_a_spanish_error(tmp_path: Path) -> None:
    from datamuni.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="Tipo de conjunto desconocido"):
        run_dataset(
            isolated_settings(tmp_path),
            source=_write(tmp_path, [_row("Ana", "1")]),
            kind="remuneracion",
            municipality="05101",
            period="2026-10",
            publish=False,
        )


def test_progress_is_reported_from_the_callers_thread(tmp_path: Path) -> None:
    import threading

    # Prefect's run context (progress artifacts) only exists in the thread that called
    calls: list[tuple[int, str]] = []
    rows = [_row(f"Ana{i}", "2.500.000") for i in range(30)]
    run_dataset(
        isolated_settings(tmp_path),
        source=_write(tmp_path, rows),
        kind="remuneraciones",
        municipality="05101",
        period="2026-10",
        publish=False,
        on_progress=lambda done, total: calls.append((done, threading.current_thread().name)),
    )
    assert calls and calls[-1][0] == 30
    assert {name for _, name in calls} == {threading.current_thread().name}


def test_batch_size_changes_nothing_published(tmp_path: Path) -> None:
    # why the input fingerprint leaves `batch_rows` out: retuning it must not republish anything
    rows = [_row(f"Ana{i % 4}", "2.500.000", f"nota {i}") for i in range(23)]
    rows[5] = _row("Mala", "no es numero")
    rows[17] = _row("Otro", "-5", f"llamar {CANARY_RUT}")
    source = _write(tmp_path, rows)
    outputs = []
    for batch_rows in (3, 32_768):
        folder = tmp_path / f"lote-{batch_rows}"
        folder.mkdir()
        result = _run_remuneraciones(isolated_settings(folder, batch_rows=batch_rows), source)
        assert result.package is not None
        outputs.append(
            (
                result.rows_total,
                result.rows_valid,
                result.package.data_path.read_bytes(),
                (result.run_folder / "cuarentena.csv").read_bytes(),
            )
        )
    assert outputs[0] == outputs[1]
    assert outputs[0][1] < outputs[0][0]  # the bad rows were quarantined in both
