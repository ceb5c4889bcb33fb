"""`datamuni avance`: the national and regional progress in the terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.progress import Event, Outcome, ProgressStore, Stage

ON_TIME = datetime(2025, 9, 10, 12, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A progress store with Valparaíso up to date and Santiago one month behind."""
    url = f"sqlite:///{tmp_path / 'progreso.sqlite'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATAMUNI_PROGRESS_DB_URL", url)
    with ProgressStore(url) as store:
        for cut, period in (("05101", "2025-08"), ("13101", "2025-07")):
            store.record_event(Event.stage_reached(cut, Stage.ADHESION, occurred_at=ON_TIME))
            store.record_event(
                Event.dataset_run(
                    cut,
                    "remuneraciones",
                    period,
                    Outcome.PUBLICADO,
                    run_id=f"r{cut}",
                    occurred_at=ON_TIME,
                )
            )
    return url


def test_national_table(database: str) -> None:
    result = CliRunner().invoke(app, ["avance", "--fecha", "2025-09-20"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "periodo exigible 2025-08 (plazo 2025-09-12)" in result.output
    assert "2 de 345 municipalidades" in result.output
    assert "meta 20 % = 69" in result.output
    assert "Atrasadas (1): Santiago (13101)" in result.output
    assert "Valparaíso" in result.output and "Ñuble" in result.output


def test_region_table_and_exports(database: str, tmp_path: Path) -> None:
    csv_path, chart_path = tmp_path / "avance.csv", tmp_path / "avance.png"
    result = CliRunner().invoke(
        app,
        [
            "avance",
            "--region",
            "05",
            "--fecha",
            "2025-09-20",
            "--csv",
            str(csv_path),
            "--grafico",
            str(chart_path),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Municipalidades de la región 05" in result.output
    assert "05101" in result.output and "Actualización al día" in result.output
    assert "13101" not in result.output
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 1 + 38
    assert chart_path.read_bytes().startswith(b"\x89PNG")


def test_bad_region_and_date_are_spanish_errors(database: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["avance", "--region", "99"])
    assert result.exit_code == 2 and "Región `99` desconocida" in result.output
    result = runner.invoke(app, ["avance", "--fecha", "20-09-2025"])
    assert result.exit_code == 2 and "AAAA-MM-DD" in result.output
