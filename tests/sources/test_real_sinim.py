"""The real SINIM exports in ../shared/real: 345 municipalities, placeholders, codes as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.catalog import load_catalog
from datamuni.errors import SourceError
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import digest, make_field, make_kind, rows_of

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "real"
PATENTES = REAL / "sinim_IADM121_patentes_2022_2024.xml"
PARQUES = REAL / "sinim_datos_municipales_20240615153456_original.xls"
WIDE = {
    "value_header_pattern": r"^\d{4}$",
    "value_header_field": "anio",
    "value_field": "valor",
    "indicator_row": 2,
    "indicator_field": "indicador",
}
SINIM = make_kind(
    "sinim",
    [
        make_field("codigo_comuna", "string", "CODIGO", pattern=r"^\d{5}$"),
        make_field("municipio", "string", "MUNICIPIO"),
        make_field("anio", "integer"),
        make_field("indicador", "string"),
        make_field("valor", "number"),
    ],
    wide_layout=WIDE,
)


@pytest.mark.parametrize(("path", "years"), [(PATENTES, 3), (PARQUES, 6)])
def test_real_sinim_exports(settings: Settings, path: Path, years: int) -> None:
    before = digest(path)
    table = read_source(path, settings, kind=SINIM, catalog={"sinim": SINIM})

    rows = rows_of(table)
    assert table.format == "spreadsheetml" and table.header_row == 3
    codes = {row["codigo_comuna"] for row in rows}
    assert len(codes) == 345 and len(rows) == 345 * years
    assert all(len(code) == 5 and code.isdigit() for code in codes)
    assert "01101" in codes
    assert {row["_fila"] for row in rows} == set(range(4, 349))
    assert all(row["valor"] is None or row["valor"].lstrip("-").isdigit() for row in rows)
    assert digest(path) == before


def test_placeholders_in_numeric_columns_are_counted(settings: Settings) -> None:
    table = read_source(PARQUES, settings, kind=SINIM, catalog={"sinim": SINIM})
    rows = rows_of(table)
    assert table.notes.placeholders
    assert {text for _, text in table.notes.placeholders} <= {
        "No Recepcionado", "No Aplica", "Sin dato oficial"
    }  # fmt: skip
    emptied = sum(table.notes.placeholders.values())
    assert sum(row["valor"] is None for row in rows) >= emptied > 0
    assert {row["indicador"] for row in rows} == {"MMPQC"}


def test_project_patentes_schema_recognises_the_real_file(settings: Settings) -> None:
    catalog = load_catalog(ROOT / "schemas", ROOT / "validators")
    table = read_source(PATENTES, settings, kind=None, catalog=catalog)
    assert table.kind == "patentes" and table.kind_guessed
    rows = rows_of(table)
    assert len({row["codigo_comuna"] for row in rows}) == 345
    iquique = [row for row in rows if row["codigo_comuna"] == "01101"]
    assert {row["anio"]: row["ingresos_miles"] for row in iquique}["2024"] == "13678688"
    assert {row["indicador"] for row in rows} == {"IADM121"}


def test_wrong_sinim_indicator_for_the_kind_is_refused(settings: Settings) -> None:
    catalog = load_catalog(ROOT / "schemas", ROOT / "validators")
    with pytest.raises(SourceError, match="MMPQC"):
        read_source(PARQUES, settings, kind=catalog["patentes"], catalog=catalog)
