"""CSV reader: encodings, delimiters, quoted delimiters, CPLT bulk and Portal layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from datamuni.errors import SourceError
from datamuni.settings import Settings
from datamuni.sources.read import read_source
from tests.sources.sources_helpers import CATALOG, REMUNERACIONES, TRANSFERENCIAS, digest, rows_of

CPLT_HEADER = (
    "organismo_nombre;organismo_codigo;anyo;Mes;Tipo Estamento;Nombres;"
    "remuneracionbruta_mensual;fecha_ingreso;fecha_termino;observaciones"
)


def test_cplt_bulk_latin1_semicolon_decimal_comma_quoted(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "contrata.csv"
    lines = [
        CPLT_HEADER,
        "Municipalidad de Ñuñoa;13120;2026;Octubre;Contrata;José Peña;3088479,0;01/03/2020;"
        '31/12/2026;"Ajuste; según decreto"',
        "Municipalidad de Ñuñoa;13120;2026;Octubre;Contrata;Ana Muñoz;1.200.000;1/3/85;Indefinido;",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))
    before = digest(path)

    table = read_source(path, settings, kind=REMUNERACIONES, catalog=CATALOG)

    assert table.encoding == "latin-1"
    assert table.delimiter == ";"
    assert table.header_row == 1
    rows = rows_of(table)
    assert [row["_fila"] for row in rows] == [2, 3]
    assert rows[0]["remuneracion_bruta"] == "3088479.0"
    assert rows[1]["remuneracion_bruta"] == "1200000"
    assert rows[0]["observaciones"] == "Ajuste; según decreto"
    assert rows[0]["extra:organismo_nombre"] == "Municipalidad de Ñuñoa"
    assert rows[0]["nombres"] == "José Peña"
    assert rows[0]["mes"] == "10"
    assert rows[0]["fecha_ingreso"] == "2020-03-01"
    assert rows[1]["fecha_ingreso"] == "1985-03-01"
    assert rows[0]["fecha_termino"] == "2026-12-31"
    assert rows[1]["fecha_termino"] is None
    assert table.notes.placeholders == {("fecha_termino", "Indefinido"): 1}
    assert table.unmapped_headers == ["organismo_nombre"]
    assert digest(path) == before


def test_portal_long_headers_money_hours_and_short_dates(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "portal.csv"
    header = (
        "Año;Mes;Estamento;Nombre completo;Remuneración bruta del mes (incluye bonos e "
        "incentivos, asig. especiales, horas extras);Horas extra diurnas;"
        "Fecha de inicio dd/mm/aa;Fecha de término dd/mm/aa"
    )
    body = "2026;Octubre;Planta;PÉREZ SOTO, JUAN;$ 800.000;$78.660 : 12;15/03/19;No tiene"
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")

    table = read_source(path, settings, kind=None, catalog=CATALOG, municipality="05101")

    assert table.kind == "remuneraciones" and table.kind_guessed
    [row] = rows_of(table)
    assert row["remuneracion_bruta"] == "800000"
    assert row["monto_horas_extra_diurnas"] == "78660"
    assert row["horas_extra_diurnas"] == "12"
    assert row["fecha_ingreso"] == "2019-03-15"
    assert row["fecha_termino"] is None
    assert row["codigo_comuna"] == "05101"
    assert table.header_of("horas_extra_diurnas") == "Horas extra diurnas"
    assert table.notes.placeholders == {("Fecha de término dd/mm/aa", "No tiene"): 1}


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("utf-8", b"", "utf-8"), ("cp1252", b"", "cp1252")],
)
def test_encodings(
    tmp_path: Path, settings: Settings, encoding: str, prefix: bytes, expected: str
) -> None:
    path = tmp_path / "t.csv"
    text = (
        "organismo_codigo,monto,razon_social,objeto_transferencia\n"
        "1101,500,Club “Los Ñandúes”,Aporte – anual\n"
    )
    path.write_bytes(prefix + text.encode(encoding))

    table = read_source(path, settings, kind=None, catalog=CATALOG)

    assert table.encoding == expected and table.delimiter == ","
    assert table.kind == "transferencias"
    [row] = rows_of(table)
    assert row["codigo_comuna"] == "01101"
    assert row["razon_social"] == "Club “Los Ñandúes”"
    assert row["objeto"] == "Aporte – anual"


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_and_batches(tmp_path: Path, settings: Settings, delimiter: str) -> None:
    path = tmp_path / "t.csv"
    lines = [delimiter.join(["organismo_codigo", "monto", "razon_social"])]
    lines += [
        delimiter.join(["13101", str(index), f'"Empresa {delimiter} {index}"'])
        for index in range(10)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)

    batches = list(table.batches())
    assert [batch.num_rows for batch in batches] == [4, 4, 2]
    rows = rows_of(table)
    assert [row["_fila"] for row in rows] == list(range(2, 12))
    assert rows[3]["razon_social"] == f"Empresa {delimiter} 3"


def test_title_rows_above_header(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Transferencias 2026;;\n\norganismo_codigo;monto;razon_social\n13101;1.000;X\n",
        encoding="utf-8",
    )
    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    assert table.header_row == 3
    assert rows_of(table)[0]["_fila"] == 4


def test_formula_cells_are_counted_not_evaluated(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        'organismo_codigo;monto;razon_social\n13101;-500;=HYPERLINK("http://x")\n'
        "13101;10;@SUM(A1)\n13101;5;-abc\n",
        encoding="utf-8",
    )
    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    rows = rows_of(table)
    assert rows[0]["razon_social"] == '=HYPERLINK("http://x")'
    assert rows[0]["monto"] == "-500"
    assert table.notes.formula_cells == {"razon_social": 3}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "vacío"),
        (b"  \r\n", "vacío"),
        (b"organismo_codigo;monto;razon_social\r\n", "solo tiene encabezados"),
        (b"organismo_codigo;monto\n13101;5\n13101;6\x00\n", "bytes nulos"),
        (b"organismo_codigo;monto;razon_social\n13101;5;a\n13101;6\n", "columnas"),
        (b"organismo_codigo;monto;monto\n13101;5;6\n", "repetido"),
        (b"a;b;c\n1;2;3\n", "No se reconoce"),
        (
            "organismo_codigo;monto;razon_social\n1;2;Ñuñoa\n".encode() + b"1;2;\xd1u\xf1oa\n",
            "mezcla",
        ),
    ],
)
def test_bad_input_is_a_spanish_source_error(
    tmp_path: Path, settings: Settings, content: bytes, words: str
) -> None:
    path = tmp_path / "malo.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        table = read_source(path, settings, kind=None, catalog=CATALOG)
        rows_of(table)
    assert words in str(caught.value)
    assert "malo.csv" in str(caught.value)
    assert path.read_bytes() == content


def test_wrong_column_count_names_the_row(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "t.csv"
    path.write_text("organismo_codigo;monto;razon_social\n13101;5;a\n13101;6\n", encoding="utf-8")
    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    with pytest.raises(SourceError) as caught:
        rows_of(table)
    assert caught.value.row == 3


def test_gigantic_line_is_refused(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datamuni.sources.csv_reader as csv_reader

    monkeypatch.setattr(csv_reader, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "t.csv"
    path.write_text("organismo_codigo;monto;razon_social\n13101;5;" + "x" * 10_000 + "\n")
    table = read_source(path, settings, kind=TRANSFERENCIAS, catalog=CATALOG)
    with pytest.raises(SourceError, match="supera"):
        rows_of(table)
