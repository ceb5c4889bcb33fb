"""Hostile and broken files, built in memory: each a (name, bytes) pair the pipeline must refuse."""

from __future__ import annotations

import io
import os
import zipfile

from tests.hardening.hostile_support import GOOD, HEADER, csv_bytes, row, with_bad

SS_HEAD = (
    b'<?xml version="1.0"?>\n'
    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
)
SS_TAIL = b"</Table></Worksheet></Workbook>"
LOL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
    b"<Row><Cell><Data>&lol3;</Data></Cell></Row>" + SS_TAIL
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
    b"<Row><Cell><Data>&e;</Data></Cell></Row>" + SS_TAIL
)


def spreadsheetml_rows(cells_xml: bytes) -> bytes:
    """A SpreadsheetML workbook with the given `<Row>` elements."""
    return SS_HEAD + cells_xml + SS_TAIL


def zip_bomb() -> bytes:
    """An XLSX-looking zip whose sheet expands 300 MB of zeros (ratio > 1000)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


def oversized_xlsx() -> bytes:
    """An XLSX whose declared uncompressed size exceeds the 4 GB cap (central directory lies)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    data = bytearray(buffer.getvalue())
    # Patch the central directory's uncompressed size of the sheet to 5 GB (> 2^32: ZIP64 lie
    # is not needed, 0xFFFFFFFE is enough to be over the cap once summed with a second entry).
    marker = data.rfind(b"PK\x01\x02")
    data[marker + 24 : marker + 28] = (0xFFFFFFFE).to_bytes(4, "little")
    first = data.find(b"PK\x01\x02")
    data[first + 24 : first + 28] = (0xFFFFFFFE).to_bytes(4, "little")
    return bytes(data)


def truncated_xlsx() -> bytes:
    """A real XLSX cut in half (a download that stopped)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in [HEADER, *GOOD]:
        sheet.append(line.replace('"', "").split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    return data[: len(data) // 2]


# (case id, file name, builder, words the Spanish error must contain, row named or None)
REFUSED: list[tuple[str, str, object, tuple[str, ...], int | None]] = [
    ("empty", "vacio.csv", lambda: b"", ("vacío",), None),
    ("bom-only", "bom.csv", lambda: b"\xef\xbb\xbf", ("vacío",), None),
    ("blank-only", "blancos.csv", lambda: b" \r\n\r\n \n", ("vacío",), None),
    ("header-only", "encabezados.csv", lambda: csv_bytes([]), ("solo tiene encabezados",), 1),
    ("nul-bytes", "nulos.csv", lambda: csv_bytes(with_bad(row("A\x00B"))), ("bytes nulos",), 5),
    ("binary-garbage", "basura.csv", lambda: os.urandom(8192), (), None),
    (
        "mixed-encodings",
        "mezcla.csv",
        lambda: csv_bytes(GOOD[:3]) + row("José").encode("latin-1") + b"\n",
        ("mezcla codificaciones",),
        5,
    ),
    (
        "duplicated-headers",
        "duplicado.csv",
        lambda: csv_bytes(GOOD, header=HEADER + ";Nombres"),
        ("repetido", "columna `Nombres`"),
        None,
    ),
    (
        "homoglyph-headers",
        "homoglifo.csv",
        lambda: csv_bytes(GOOD, header=HEADER.replace("anyo", "\u0430nyo")),
        ("otro alfabeto", "columna `\u0430nyo`"),
        None,
    ),
    (
        "unbalanced-quotes",
        "comillas.csv",
        lambda: csv_bytes([*GOOD[:3], row('Ana "mala'), row('"abierta'), *GOOD[3:]]),
        ("columnas", "comillas"),
        6,
    ),
    (
        "extremely-wide-row",
        "ancha.csv",
        lambda: csv_bytes(with_bad(row() + ";x" * 5000)),
        ("5014 columnas",),
        5,
    ),
    (
        "gigantic-line",
        "linea.csv",
        lambda: csv_bytes(with_bad(row(note="x" * (40 * 1024 * 1024)))),
        ("supera 4 MB",),
        5,
    ),
    (
        "first-line-gigantic",
        "primera.csv",
        lambda: b"x" * (2 * 1024 * 1024) + b"\n" + csv_bytes(GOOD),
        ("primera línea",),
        None,
    ),
    ("truncated-xlsx", "cortada.xlsx", truncated_xlsx, ("dañada",), None),
    ("not-a-zip-xlsx", "falsa.xlsx", lambda: b"PK\x03\x04" + os.urandom(300), ("dañada",), None),
    ("csv-named-xlsx", "tabla.xlsx", lambda: csv_bytes(GOOD), ("extensión `.xlsx`",), None),
    ("zip-bomb", "bomba.xlsx", zip_bomb, ("bomba zip",), None),
    ("oversized-xlsx", "enorme.xlsx", oversized_xlsx, ("tamaño desmedido",), None),
    ("xml-external-entity", "xxe.xml", lambda: XXE, ("no permitidas",), None),
    ("billion-laughs", "risas.xls", lambda: LOL, ("no permitidas",), None),
    (
        "spreadsheetml-bad-index",
        "indice.xml",
        lambda: spreadsheetml_rows(b'<Row ss:Index="abc"><Cell><Data>x</Data></Cell></Row>'),
        ("dañada",),
        1,
    ),
    (
        "spreadsheetml-huge-cell-index",
        "columna.xml",
        lambda: spreadsheetml_rows(
            b'<Row><Cell ss:Index="2000000000"><Data ss:Type="String">x</Data></Cell></Row>'
        ),
        ("límites de excel",),
        1,
    ),
    (
        "xml-not-spreadsheet",
        "otro.xml",
        lambda: b'<?xml version="1.0"?><html><body>no</body></html>',
        ("no es una planilla",),
        None,
    ),
    ("broken-json", "roto.json", lambda: b'[{"organismo_nombre": "x", ', ("no es válido",), None),
]
REFUSED += [
    (
        "json-deep-nesting",
        "profundo.json",
        lambda: b"[" * 200_000 + b"]" * 200_000,
        ("profundidad desmedida",),
        None,
    ),
    ("json-not-records", "escalar.json", lambda: b'"hola"', ("lista de registros",), None),
]
