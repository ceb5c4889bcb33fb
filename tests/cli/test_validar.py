"""`datamuni validar`: exit codes, recognised layout, reports in the run folder, masked canary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datamuni.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "Año;Mes;Estamento;Nombre completo;Remuneración bruta del mes;Remuneración líquida del mes\n"
)
CANARY = "12.345.678-5"


def _run(tmp_path: Path, body: str, *args: str) -> tuple[int, str, Path]:
    source = tmp_path / "remuneraciones.csv"
    source.write_bytes((HEADER + body).encode("latin-1"))
    runs = tmp_path / "runs"
    env = {"DATAMUNI_PROJECT_DIR": str(ROOT), "DATAMUNI_RUNS_DIR": str(runs)}
    result = CliRunner().invoke(app, ["validar", str(source), *args], env=env)
    folders = sorted(runs.iterdir()) if runs.is_dir() else []
    return result.exit_code, result.output, folders[-1] if folders else runs


@pytest.mark.skipif(not (ROOT / "schemas" / "remuneraciones.yaml").is_file(), reason="sin esquema")
def test_quarantined_rows_exit_1_with_masked_reports(tmp_path: Path) -> None:
    good = "".join(f"2026;10;Profesional;PERSONA {i};1.200.000;900.000\n" for i in range(30))
    code, output, run = _run(
        tmp_path,
        good + f"2026;10;Profesional;OTRA;{CANARY};900.000\n",
        "--periodo",
        "2026-10",
        "--municipio",
        "05101",
    )
    assert code == 1, output
    assert "remuneraciones" in output and "Resumen de validación" in output
    for name in ("reporte.json", "reporte.html"):
        assert CANARY not in (run / name).read_text(encoding="utf-8")
    assert CANARY in (run / "cuarentena.csv").read_text(encoding="utf-8-sig")


@pytest.mark.skipif(not (ROOT / "schemas" / "remuneraciones.yaml").is_file(), reason="sin esquema")
def test_mostly_bad_file_is_blocked_exit_2(tmp_path: Path) -> None:
    code, output, _ = _run(
        tmp_path,
        "2026;10;Profesional;A;x;y\n2026;10;Profesional;B;x;y\n",
        "--tipo",
        "remuneraciones",
    )
    assert code == 2 and "Bloqueado" in output


SAMPLE = ROOT / "municipios" / "05101" / "honorarios-2024-05.csv"


def _validate(tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {"DATAMUNI_PROJECT_DIR": str(ROOT), "DATAMUNI_RUNS_DIR": str(tmp_path / "runs")}
    result = CliRunner().invoke(app, ["validar", str(SAMPLE), *args], env=env)
    return result.exit_code, " ".join(result.output.split())


def test_missing_comuna_code_says_to_give_the_municipality(tmp_path: Path) -> None:
    code, output = _validate(tmp_path)
    assert code == 2, output
    assert "Faltan columnas obligatorias: `codigo_comuna`" in output
    assert "indique la comuna con `--municipio`" in output
    # the report a data officer opens later says it too, not only the terminal
    (run,) = (tmp_path / "runs").rglob("reporte.json")
    reason = json.loads(run.read_text(encoding="utf-8"))["motivo_bloqueo"]
    assert "indique la comuna con `--municipio`" in reason


def test_short_options_match_publicar(tmp_path: Path) -> None:
    code, output = _validate(tmp_path, "-t", "honorarios", "-m", "05101", "-p", "2024-05")
    assert code == 0, output
    assert "Sin errores" in output and "--municipio" not in output
