"""Format, encoding and delimiter detection on the first bytes of a source (never all of it)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from datamuni.errors import SourceError

SAMPLE_BYTES = 1024 * 1024
"""Bytes read to detect the format, the encoding, the delimiter and the header row."""
MAX_LINE_BYTES = 4 * 1024 * 1024
"""Longest accepted line (and cell): a longer one is refused, never loaded whole. It is also
the parser's block size, so it bounds the text held in memory while reading (16 MB blocks
kept about 250 MB more resident on the 1M-row benchmark)."""
DELIMITERS = (";", ",", "\t", "|")
HEADER_SCAN_ROWS = 30
"""Rows above the data where a title may precede the header."""
_UTF8_IN_SINGLE_BYTE = re.compile(rb"[\xc3\xc2][\x80-\xbf]")


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    """The first `size` bytes of the file."""
    with path.open("rb") as handle:
        return handle.read(size)


def sniff_format(path: Path, sample: bytes) -> str:
    """`csv`, `xlsx`, `xls`, `spreadsheetml` or `json`, from the content (the name is a hint)."""
    head = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"<?xml") or head.startswith(b"<Workbook"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head[:65536]:
            return "spreadsheetml"
        raise SourceError(
            "El archivo es XML pero no es una planilla Excel 2003 (SpreadsheetML).",
            "Guarde la planilla como CSV o XLSX y vuelva a intentarlo.",
            path=str(path),
        )
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise SourceError(
            f"El archivo tiene extensión `{suffix}` pero no es una planilla válida "
            "(está dañado o es de otro tipo).",
            "Ábralo en su planilla de cálculo, guárdelo de nuevo como XLSX o CSV y reintente.",
            path=str(path),
        )
    if head[:1] in (b"[", b"{") or suffix == ".json":
        return "json"
    return "csv"


def detect_encoding(sample: bytes, complete: bool, path: str) -> str:
    """`utf-8-sig`, `utf-8`, `utf-16`, `cp1252` or `latin-1` for the sample's text."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    text = sample if complete else sample[: max(0, len(sample) - 4)]
    try:
        text.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if _UTF8_IN_SINGLE_BYTE.search(sample):
            line = sample[: error.start].count(b"\n") + 1
            raise SourceError(
                "El archivo mezcla codificaciones de texto (UTF-8 y Latin-1/Windows).",
                "Vuelva a exportar el archivo completo con una sola codificación, de "
                "preferencia UTF-8.",
                path=path,
                row=line,
            ) from error
    if re.search(rb"[\x80-\x9f]", sample):
        return "cp1252"
    return "latin-1"


def detect_dialect(text: str, path: str) -> tuple[str, int, list[list[str]]]:
    """Delimiter, header row (1-based) and the sample's first rows parsed with it."""
    lines = text.splitlines(keepends=True)[: HEADER_SCAN_ROWS + 20]
    best: tuple[tuple[int, int, int], str, list[list[str]]] | None = None
    # A cell may be as long as a line (the csv module's default limit is 128 KB), and lines may
    # end in CR, LF or CRLF within one file: read the sample as a file opened with newline="".
    csv.field_size_limit(MAX_LINE_BYTES)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise SourceError(
                f"No se pudo leer el inicio del archivo como tabla CSV ({error}).",
                "Revise separadores, comillas y saltos de línea, y expórtelo de nuevo.",
                path=path,
            ) from error
        widths = [len(row) for row in rows if any(cell.strip() for cell in row)]
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        score = (int(modal > 1), widths.count(modal), modal)
        if best is None or score > best[0]:
            best = (score, delimiter, rows)
    if best is None:
        raise SourceError(
            "El archivo está vacío.", "Revise que exportó los datos correctos.", path=path
        )
    return best[1], 1, best[2]
