"""Flow wiring tests: a temporary Prefect server, a project folder, and a pipeline stand-in."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.flows.flow_helpers import StandIn

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `flows/` is a top-level package of the checkout


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_server: None) -> Path:
    """A project folder with two kinds and the config of Valparaíso (05101)."""
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings

    (tmp_path / "schemas").mkdir()
    for kind in ("remuneraciones", "compras"):
        (tmp_path / "schemas" / f"{kind}.yaml").write_text(f"name: {kind}\n")
    folder = tmp_path / "municipios" / "05101"
    folder.mkdir(parents=True)
    (folder / "remuneraciones-2024-05.csv").write_text("a;b\n1;2\n")
    (folder / "compras-2024-05.csv").write_text("c;d\n3;4\n")
    config = {
        "cut": "05101",
        "organizacion_ckan": "municipalidad-de-valparaiso",
        "token": {"variable_entorno": "DATAMUNI_TOKEN_05101"},
        "contraparte": {"nombre": "Ana Pérez", "cargo": "Encargada", "correo": "ta@munivalpo.cl"},
        "fuentes": {
            "remuneraciones": {"ruta": "remuneraciones-{periodo}.csv"},
            "compras": {"ruta": "compras-{periodo}.csv", "periodo": "2024-05"},
        },
    }
    (tmp_path / "municipios" / "05101.yaml").write_text(yaml.safe_dump(config))
    monkeypatch.setenv("DATAMUNI_PROJECT_DIR", str(tmp_path))
    monkeypatch.setenv("DATAMUNI_TOKEN_05101", "token-de-prueba")
    monkeypatch.setenv("DATAMUNI_CKAN_URL", "http://127.0.0.1:5999")
    with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: tmp_path / "resultados"}):
        yield tmp_path


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """Replace `datamuni.pipeline` by a recorder (unit tests of the wiring only)."""
    import datamuni

    fake = StandIn()
    module = types.ModuleType("datamuni.pipeline")
    module.run_dataset = fake.run_dataset  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datamuni.pipeline", module)
    monkeypatch.setattr(datamuni, "pipeline", module, raising=False)
    return fake
