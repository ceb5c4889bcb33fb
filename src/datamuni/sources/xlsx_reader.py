"""XLSX workbooks (openpyxl, read-only): cached values, title rows, merged header cells."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from datamuni.errors import SourceError
from datamuni.sources.cells import cell_text
from datamuni.sources.raw import HeaderScore, RawTable
from datamuni.sources.sheet import Merge, Row, sheet_table

MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
"""Largest total uncompressed size of an XLSX (zip bomb guard)."""
MAX_COMPRESSION_RATIO = 200
"""Largest compression ratio of one member above 1 MB (zip bomb guard)."""
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _corrupt(path: Path, error: Exception | str, row: int | None = None) -> SourceError:
    return SourceError(
        f"La planilla XLSX está dañada o no es válida ({type(error).__name__}: {error}).",
        "Ábrala en su planilla de cálculo, guárdela de nuevo como XLSX o CSV y reintente.",
        path=str(path),
        row=row,
    )


def _check_zip(path: Path) -> None:
    """Refuse zip bombs before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError) as error:
        raise _corrupt(path, error) from error
    total = sum(member.file_size for member in members)
    ratios = [
        member.file_size / max(member.compress_size, 1)
        for member in members
        if member.file_size > 1024 * 1024
    ]
    if total > MAX_UNCOMPRESSED_BYTES or any(ratio > MAX_COMPRESSION_RATIO for ratio in ratios):
        raise SourceError(
            "La planilla XLSX se expande a un tamaño desmedido (posible bomba zip).",
            "Exporte los datos como CSV desde el sistema de origen.",
            path=str(path),
        )


def _open(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise _corrupt(path, error) from error


def _merges(path: Path) -> list[Merge]:
    """Merged ranges of the first sheet, read from its XML (read-only mode hides them)."""
    workbook = _open(path)
    try:
        sheet = workbook.worksheets[0]
        merges: list[Merge] = []
        with sheet._get_source() as source:
            for _, element in iterparse(source, events=("end",), forbid_dtd=True):
                if element.tag == _MAIN + "mergeCell":
                    left, top, right, bottom = range_boundaries(element.get("ref"))
                    merges.append(Merge(top, bottom, left - 1, right - 1))
                elif element.tag == _MAIN + "row":
                    element.clear()
        return merges
    except (DefusedXmlException, SyntaxError) as error:
        raise _corrupt(path, error) from error
    except SourceError:
        raise
    except Exception as error:  # a damaged zip member or XML surfaces as any openpyxl error
        raise _corrupt(path, error) from error
    finally:
        workbook.close()


def _rows(path: Path) -> Iterator[Row]:
    workbook = _open(path)
    number = 0
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    except SourceError:
        raise
    except Exception as error:  # damage found while streaming: name the row reached
        raise _corrupt(path, error, row=number + 1) from error
    finally:
        workbook.close()


def read_xlsx(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    """The first sheet of an XLSX workbook as a raw table."""
    _check_zip(path)
    return sheet_table("xlsx", str(path), lambda: _rows(path), _merges(path), batch_rows, score)
