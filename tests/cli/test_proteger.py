"""`datamuni proteger` and `datamuni revisar-pii` on small files with planted canaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datamuni.cli.app import console
from datamuni.cli.main import app

PROJECT = Path(__file__).resolve().parents[2]
CANARIES = (
    "12.345.678-5",
    "123456785",
    "canario@correo.cl",
    "+56 9 8765 4321",
    "Calle Los Canarios 1234",
)
HEADER = (
    "CUT;Año;Mes;Razón social;RUT del proveedor;Monto total;Objeto de la compra;Observaciones;"
    "Columna rara"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Real schemas, run folders in a temporary directory."""
    monkeypatch.setenv("DATAMUNI_PROJECT_DIR", str(PROJECT))
    monkeypatch.setenv("DATAMUNI_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("DATAMUNI_PSEUDONYM_KEY", "clave-de-prueba")
    monkeypatch.setattr(console, "width", 200)  # tables must not wrap inside the checked words
    return tmp_path


def write_purchases(folder: Path) -> Path:
    """A purchases file with canaries in free text and an unmapped column."""
    rows = [
        HEADER,
        "05101;2024;3;Constructora Sur SpA;76.086.428-5;1.200.000;Reparación de veredas;"
        "Sin observaciones;x",
        "05101;2024;3;Juan Pérez;12.345.678-5;350.000;Servicio de jardinería;"
        "Contacto canario@correo.cl o +56 9 8765 4321;123456785",
        "05101;2024;3;Ferretería Ltda;77.123.456-2;12.345.678;Compra de materiales;"
        "Entrega en Calle Los Canarios 1234;ok",
    ]
    path = folder / "compras.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_proteger_writes_clean_csv_and_report(env: Path) -> None:
    source = write_purchases(env)
    out = env / "salida"
    result = CliRunner().invoke(
        app, ["proteger", str(source), "--tipo", "compras", "--salida", str(out)]
    )
    assert result.exit_code == 1, result.output  # findings → warnings
    csv_text = (out / "protegido.csv").read_text(encoding="utf-8")
    report_text = (out / "proteccion.json").read_text(encoding="utf-8")
    for canary in CANARIES:
        assert canary not in csv_text
        assert canary not in report_text
        assert canary not in result.output
    assert "76.086.428-5" in csv_text  # company RUT in an allowed supplier field
    assert "12345678" in csv_text  # an amount, not a RUT
    report = json.loads(report_text)
    assert report["unmapped_columns"] == ["Columna rara"]
    assert report["fields"]["rut_proveedor"]["detections"] == {"rut": 1}
    assert "Columna rara" not in csv_text.splitlines()[0]


def test_revisar_pii_lists_masked_findings(env: Path) -> None:
    source = write_purchases(env)
    target = env / "pii.json"
    result = CliRunner().invoke(app, ["revisar-pii", str(source), "--json", str(target)])
    assert result.exit_code == 1, result.output
    assert "RUT de persona natural" in result.output
    assert "12.***.***-*" in result.output
    saved = target.read_text(encoding="utf-8")
    for canary in CANARIES:
        assert canary not in result.output
        assert canary not in saved
    assert json.loads(saved)["Columna rara"]["detecciones"] == {"rut": 1}


def test_revisar_pii_clean_file(env: Path) -> None:
    path = env / "limpio.csv"
    path.write_text("Programa;Monto\nDeportes;1.200.000\nCultura;12.345.678\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["revisar-pii", str(path)])
    assert result.exit_code == 0, result.output
    assert "No se encontraron datos personales" in result.output
