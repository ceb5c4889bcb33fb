"""`datamuni avance --publicar`: refusals that need no CKAN (the publication is integration)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from datamuni.cli.main import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project: its own progress store, no CKAN token anywhere."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATAMUNI_PROJECT_DIR", str(tmp_path))
    monkeypatch.setenv("DATAMUNI_PROGRESS_DB_URL", f"sqlite:///{tmp_path / 'progreso.sqlite'}")
    monkeypatch.setenv("DATAMUNI_CKAN_URL", "http://127.0.0.1:5999")
    monkeypatch.delenv("DATAMUNI_CKAN_TOKEN", raising=False)
    monkeypatch.delenv("DATAMUNI_CKAN_TOKEN_FILE", raising=False)
    return tmp_path


def test_publicar_with_region_is_refused_before_reading(project: Path) -> None:
    result = CliRunner().invoke(
        app, ["avance", "--region", "05", "--publicar"], env={"COLUMNS": "200"}
    )
    assert result.exit_code != 0
    assert "publica el avance nacional" in result.output
    assert "Municipalidades de la región" not in result.output


def test_publicar_without_token_says_how_to_give_one(project: Path) -> None:
    result = CliRunner().invoke(
        app, ["avance", "--fecha", "2026-05-20", "--publicar"], env={"COLUMNS": "200"}
    )
    assert result.exit_code != 0
    assert "No hay token de CKAN" in result.output
    assert "DATAMUNI_CKAN_TOKEN" in result.output
