"""`datamuni publicar` uses the municipality's own token, never the sysadmin's by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.cli.publicar import municipality_credentials
from datamuni.errors import ConfigurationError
from datamuni.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """cut: "05801"
organizacion_ckan: municipalidad-de-quilpue
token:
  variable_entorno: DATAMUNI_TOKEN_PRUEBA_05801
contraparte:
  nombre: Encargada de Transparencia
  cargo: Contraparte técnica
  correo: transparencia@quilpue.cl
"""


def _settings(tmp_path: Path, **extra: object) -> Settings:
    folder = tmp_path / "municipios"
    folder.mkdir(exist_ok=True)
    return Settings(project_dir=ROOT, municipios_dir=folder, state_dir=tmp_path / "s", **extra)


def test_configured_municipality_uses_its_own_token_and_counterpart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, ckan_token="token-de-otro")
    (tmp_path / "municipios" / "05801.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DATAMUNI_TOKEN_PRUEBA_05801", "token-de-quilpue")
    token, contact = municipality_credentials(settings, "Quilpué")
    assert token.get_secret_value() == "token-de-quilpue"
    assert contact is not None and contact["correo"] == "transparencia@quilpue.cl"


def test_missing_variable_is_a_spanish_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    (tmp_path / "municipios" / "05801.yaml").write_text(CONFIG, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="DATAMUNI_TOKEN_PRUEBA_05801"):
        municipality_credentials(settings, "05801")


def test_without_configuration_only_an_explicit_token_is_used(tmp_path: Path) -> None:
    token, contact = municipality_credentials(_settings(tmp_path, ckan_token="explicito"), "05801")
    assert token.get_secret_value() == "explicito" and contact is None
    with pytest.raises(ConfigurationError, match="No hay token de CKAN"):
        municipality_credentials(_settings(tmp_path, ckan_token=""), "05801")
