"""build_package: deterministic bytes, stripped schema, formula-safe CSV, frictionless-valid."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from datamuni.errors import ConfigurationError
from datamuni.packaging import build_package
from datamuni.packaging.csvwrite import neutralize, render_batch
from datamuni.settings import Settings
from tests.packaging.sample_package import KIND, ROWS, VALPARAISO, batch

REPORTS = {
    "validacion": {
        "filas_leidas": 3,
        "filas_en_cuarentena": 0,
        "mensaje": "Ana Pérez 12.345.678-5",
    },
    "proteccion": {"celdas_enmascaradas": {"observaciones": 1}, "12.345.678-5": 1},
}


def build(tmp_path: Path, rows: list[list[str | None]] = ROWS, period: str = "2026-10"):  # type: ignore[no-untyped-def]
    settings = Settings(project_dir=tmp_path)
    return build_package(
        KIND,
        VALPARAISO,
        period,
        [batch(rows[:2]), batch(rows[2:])],
        settings,
        reports=REPORTS,
        source={"title": "Planilla de remuneraciones", "path": "/home/ana/secreto.csv"},
    )


def tree(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_same_input_gives_byte_identical_package(tmp_path: Path) -> None:
    first = tree(build(tmp_path / "a").path)
    second = tree(build(tmp_path / "b").path)
    assert first == second
    assert set(first) == {
        "datapackage.json",
        "diccionario-de-datos.csv",
        "remuneraciones-valparaiso-2026-10.csv",
        "reporte-publico.json",
    }


def test_rebuild_replaces_the_package_in_place(tmp_path: Path) -> None:
    old = build(tmp_path)
    new = build(tmp_path, ROWS[:1])
    assert old.path == new.path
    assert new.rows == 1 and new.sha256 != old.sha256
    assert [p.name for p in new.path.parent.iterdir()] == ["2026-10"]


def test_descriptor_is_public_and_deterministic(tmp_path: Path) -> None:
    package = build(tmp_path)
    descriptor = json.loads(package.descriptor_path.read_text("utf-8"))
    assert descriptor["name"] == "remuneraciones-valparaiso-2026-10"
    assert descriptor["created"] == "2026-10-01T00:00:00Z"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] == "1.2.0"
    assert descriptor["sources"] == [{"title": "Planilla de remuneraciones"}]
    text = package.descriptor_path.read_text("utf-8")
    for internal in ("aliases", "protection", "NOMBRE", "secreto", "%d/%m/%Y", "/home/ana"):
        assert internal not in text
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == [
        "nombre",
        "cargo",
        "remuneracion_bruta",
        "fecha_ingreso",
        "observaciones",
    ]
    assert fields[4] == {
        "name": "observaciones",
        "title": "Observaciones",
        "description": "Descripción de observaciones",
        "type": "string",
    }
    resource = descriptor["resources"][0]
    assert resource["hash"] == f"sha256:{package.sha256}"
    assert resource["bytes"] == package.data_path.stat().st_size


def test_public_report_keeps_counts_only(tmp_path: Path) -> None:
    report = json.loads(build(tmp_path).report_path.read_text("utf-8"))
    text = json.dumps(report, ensure_ascii=False)
    assert "Ana" not in text and "12.345.678-5" not in text
    assert report["validacion"] == {"filas_leidas": 3, "filas_en_cuarentena": 0}
    assert report["celdas_neutralizadas"] == {"observaciones": 1}


def test_csv_is_utf8_comma_and_formula_safe(tmp_path: Path) -> None:
    text = build(tmp_path).data_path.read_text("utf-8")
    assert text.splitlines()[0] == "nombre,cargo,remuneracion_bruta,fecha_ingreso,observaciones"
    assert '"Técnica, nivel 2"' in text
    assert '"\'=HYPERLINK(""x"")"' in text
    assert "Bruno Díaz,Auxiliar,850000,2024-01-15,\n" in text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+56 9 1234", "'+56 9 1234"),
        ("-1200.5", "-1200.5"),
        ("+3", "+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("normal", "normal"),
    ],
)
def test_neutralize(cell: str, expected: str) -> None:
    assert neutralize(cell)[0] == expected


def test_bad_period_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="2026-13"):
        build(tmp_path, period="2026-13")


def test_frictionless_validate_passes(tmp_path: Path) -> None:
    package = build(tmp_path)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "datapackage.json"],
        cwd=package.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_frictionless_detects_a_tampered_csv(tmp_path: Path) -> None:
    package = build(tmp_path)
    package.data_path.write_bytes(package.data_path.read_bytes().replace(b"850000", b"850001"))
    result = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "datapackage.json"],
        cwd=package.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0


def _random_cells(rng: random.Random, rows: int) -> list[str | None]:
    """Cells built from the characters that matter to quoting and formula neutralizing."""
    pieces = ["", "a", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "1", ".", "é", " ", "e"]
    return [
        None if rng.random() < 0.05 else "".join(rng.choices(pieces, k=rng.randint(0, 4)))
        for _ in range(rows)
    ]


@pytest.mark.parametrize("names", [["c0", "c1", "c2", "c3"], ["c0"]])
def test_rendered_batches_match_csv_writer_cell_for_cell(names: list[str]) -> None:
    rng = random.Random(7)
    columns = {f"c{n}": _random_cells(rng, 400) for n in range(4)}
    batch = pa.record_batch({name: pa.array(cells, pa.string()) for name, cells in columns.items()})
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in zip(*(columns[name][3:] for name in names), strict=True):
        writer.writerow([neutralize(cell or "")[0] for cell in row])
    neutralized: dict[str, int] = {}
    got = render_batch(batch.slice(3), names, neutralized)  # a slice: offsets not at zero
    assert bytes(got).decode("utf-8") == expected.getvalue()
    assert neutralized["c0"] == sum(neutralize(cell or "")[1] for cell in columns["c0"][3:]) > 0
