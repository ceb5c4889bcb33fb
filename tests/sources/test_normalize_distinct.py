"""Normalizing a repetitive column once per distinct value gives the cell-by-cell result."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.distinct import MIN_ROWS, RepetitionGuide
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import CATALOG, REMUNERACIONES, rows_of

HEADER = (
    "organismo_codigo;anyo;Mes;Tipo Estamento;Nombres;remuneracionbruta_mensual;"
    "Horas extra diurnas;fecha_ingreso;fecha_termino;observaciones"
)
LINES = [
    "5101;2026;Octubre;  Administrativo ;Ana;1.234.567,5;$78.660 : 12;01/02/2020;Indefinido;",
    "05101;2026;10;Profesional;Luis;N/A;0;15 de octubre de 2026;31/12/2026;=HYPERLINK(1)",
    "5101.0;2026;octubre;Directivo;Ana;$ 2.000.000;$1.000 : 3;2020-02-01;No Aplica;ver nota",
    "05101;2026;10;Administrativo;Eva;1234,5;;31/02/2020;indefinido;+56 9 8765 4321",
]


Notes = tuple[dict[tuple[str, str], int], dict[str, int]]


def _read(folder: Path, repeats: int) -> tuple[list[dict[str, object]], Notes]:
    folder.mkdir()
    path = folder / "remuneraciones.csv"
    body = [LINES[i % len(LINES)] for i in range(repeats)]
    path.write_bytes(("\n".join([HEADER, *body]) + "\n").encode("latin-1"))
    settings = Settings(project_dir=folder, batch_rows=4 * MIN_ROWS)
    table = read_source(path, settings, kind=REMUNERACIONES, catalog=CATALOG)
    rows = rows_of(table)
    notes = (dict(table.notes.placeholders), dict(table.notes.formula_cells))
    return rows, notes


def test_distinct_normalization_equals_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = MIN_ROWS * 3
    distinct_rows, distinct_notes = _read(tmp_path / "distintos", rows)
    monkeypatch.setattr(RepetitionGuide, "distinct", lambda self, column, values: None)
    cell_rows, cell_notes = _read(tmp_path / "celdas", rows)
    assert distinct_rows == cell_rows
    assert distinct_notes == cell_notes
    placeholders, formulas = distinct_notes
    # counts are cells, not distinct values: 3 × 512 rows, each line a quarter of them
    assert placeholders[("fecha_termino", "Indefinido")] == rows // 4
    assert placeholders[("fecha_termino", "indefinido")] == rows // 4
    assert formulas == {"observaciones": rows // 4}
    first = distinct_rows[0]
    assert first["mes"] == "10" and first["remuneracion_bruta"] == "1234567.5"
    assert first["horas_extra_diurnas"] == "12" and first["fecha_ingreso"] == "2020-02-01"
