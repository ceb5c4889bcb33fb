"""`datamuni preparar-municipio` and `datamuni retirar` against the real CKAN."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from datamuni.cli.main import app
from datamuni.publishing.ledger import read_ledger
from datamuni.publishing.publish import publish_package
from tests.integration.publish_support import (  # noqa: F401 (fixtures)
    Env,
    editors_fixture,
    env_fixture,
    publish_stack_fixture,
)

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


def test_preparar_municipio_then_retirar(
    env: Env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATAMUNI_PROJECT_DIR", str(REPO))
    monkeypatch.setenv("DATAMUNI_STATE_DIR", str(tmp_path / "estado"))
    monkeypatch.setenv("DATAMUNI_CKAN_URL", env.settings.ckan_url)
    monkeypatch.setenv("DATAMUNI_CKAN_TOKEN", env.sysadmin.get_secret_value())
    runner = CliRunner()
    # Not Valparaíso: preparing a municipality revokes its editor's earlier datamuni tokens,
    # and this session publishes with the Valparaíso editor's token below.
    prepared = runner.invoke(app, ["preparar-municipio", "05102"])
    assert prepared.exit_code == 0, prepared.output
    assert "municipalidad-de-casablanca" in prepared.output and "datamuni-05102" in prepared.output
    assert env.sysadmin.get_secret_value() not in prepared.output
    token_file = tmp_path / "estado" / "ckan" / "tokens" / "05102.token"
    assert token_file.read_text(encoding="utf-8").strip() not in prepared.output
    assert token_file.stat().st_mode & 0o777 == 0o600

    result = publish_package(env.build(), env.settings, env.token_a)
    name = result.dataset_url.rsplit("/", 1)[-1]
    monkeypatch.setenv("DATAMUNI_CKAN_TOKEN", env.token_a.get_secret_value())
    missing = runner.invoke(app, ["retirar", name, "--periodo", "2030-01", "--motivo", "prueba"])
    assert missing.exit_code == 2 and "no tiene el período `2030-01`" in missing.output
    done = runner.invoke(
        app,
        [
            "retirar",
            name,
            "--periodo",
            "2026-10",
            "--motivo",
            "RUT en observaciones",
            "--quien",
            "ana",
        ],
    )
    assert done.exit_code == 0, done.output
    entry = read_ledger(env.settings.model_copy(update={"state_dir": tmp_path / "estado"}))[-1]
    assert (entry["conjunto"], entry["recurso"], entry["quien"]) == (name, "2026-10", "ana")
    assert env.anonymous_get(result.resource_url).status_code == 404
