"""XLSX, real XLS and SpreadsheetML: title rows, merged headers, blank first line, hostile XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from datamuni.errors import SourceError
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import (
    CATALOG,
    REMUNERACIONES,
    TRANSFERENCIAS,
    digest,
    make_field,
    make_kind,
    rows_of,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_xlsx_with_title_rows_and_merged_group_header(tmp_path: Path, settings: Settings) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Remuneraciones octubre 2026"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Nombres", "anyo", "Horas extra", None, "observaciones"])
    sheet.merge_cells("C2:D2")
    sheet.append([None, None, "diurnas", "horas_diurnas_x", None])
    sheet.append(["Ana", 2026, 78660.0, 12, "@SUM(A1)"])
    sheet.append(["Luis", 2026, 1.234, None, "No tiene"])
    path = tmp_path / "remuneraciones.xlsx"
    workbook.save(path)
    before = digest(path)

    table = read_source(path, settings, kind=REMUNERACIONES, catalog=CATALOG)

    assert table.format == "xlsx"
    assert table.header_row == 3
    headers = [column.header for column in table.columns if column.field != "horas_extra_diurnas"]
    assert headers == ["Nombres", "anyo", "Horas extra diurnas", "Horas extra horas_diurnas_x",
                       "observaciones"]  # fmt: skip
    rows = rows_of(table)
    assert [row["_fila"] for row in rows] == [4, 5]
    assert rows[0]["monto_horas_extra_diurnas"] == "78660"
    assert rows[1]["monto_horas_extra_diurnas"] == "1.2340"  # never 1234
    assert rows[0]["anio"] == "2026"
    assert rows[1]["observaciones"] is None
    assert rows[0]["observaciones"] == "@SUM(A1)"
    assert table.notes.formula_cells == {"observaciones": 1}
    assert table.notes.placeholders == {("observaciones", "No tiene"): 1}
    assert digest(path) == before


def test_corrupt_and_bomb_xlsx_are_refused(tmp_path: Path, settings: Settings) -> None:
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(SourceError, match="dañada"):
        read_source(broken, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    fake = tmp_path / "texto.xlsx"
    fake.write_text("hola")
    with pytest.raises(SourceError, match="no es una planilla"):
        read_source(fake, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    bomb = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(SourceError, match="bomba"):
        read_source(bomb, settings, kind=TRANSFERENCIAS, catalog=CATALOG)


def test_real_xls_reference_file(settings: Settings) -> None:
    kind = make_kind(
        "comunas",
        [
            make_field("codigo_comuna", "string", "Código Comuna 2018", pattern=r"^\d{5}$"),
            make_field("nombre", "string", "Nombre Comuna"),
        ],
    )
    path = SHARED / "reference" / "comunas" / "CUT_2018_v04_subdere_original.xls"
    table = read_source(path, settings, kind=kind, catalog={"comunas": kind})
    rows = rows_of(table)
    assert table.format == "xls" and len(rows) == 346
    assert rows[0]["codigo_comuna"] == "01101" and rows[0]["_fila"] == 2


SPREADSHEETML = """
<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Hoja1"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Transferencias</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">organismo_codigo</Data></Cell>
   <Cell><Data ss:Type="String">monto</Data></Cell>
   <Cell><Data ss:Type="String">razon_social</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">05101</Data></Cell>
   <Cell><Data ss:Type="Number">1500</Data></Cell>
   <Cell><Data ss:Type="String">Club &amp; Cía</Data></Cell></Row>
  <Row ss:Index="5"><Cell><Data ss:Type="Number">5101</Data></Cell>
   <Cell ss:Index="3"><Data ss:Type="String">No Aplica</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>
"""


def test_spreadsheetml_with_blank_first_line(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "exportacion.xls"
    path.write_text(SPREADSHEETML, encoding="utf-8")

    table = read_source(path, settings, kind=None, catalog=CATALOG)

    assert table.format == "spreadsheetml" and table.kind == "transferencias"
    assert table.header_row == 2
    rows = rows_of(table)
    assert [row["_fila"] for row in rows] == [3, 5]
    assert [row["codigo_comuna"] for row in rows] == ["05101", "05101"]
    assert rows[0]["razon_social"] == "Club & Cía"
    assert rows[1]["monto"] is None and rows[1]["razon_social"] is None
    assert table.notes.placeholders == {("razon_social", "No Aplica"): 1}


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_spreadsheetml_entities_are_refused(
    tmp_path: Path, settings: Settings, doctype: str
) -> None:
    path = tmp_path / "malo.xml"
    text = SPREADSHEETML.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>' + doctype)
    path.write_text(text.replace("Club &amp; Cía", "&x;" if "SYSTEM" in doctype else "&b;"))
    with pytest.raises(SourceError, match="no permitidas"):
        rows_of(read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG))
