"""Real Excel 97–2003 `.xls` workbooks (BIFF, through xlrd)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import xlrd

from datamuni.errors import SourceError
from datamuni.sources.cells import cell_text
from datamuni.sources.raw import HeaderScore, RawTable
from datamuni.sources.sheet import Merge, Row, sheet_table


def _damaged(path: Path, error: Exception, row: int | None = None) -> SourceError:
    return SourceError(
        f"La planilla XLS está dañada o no es válida ({error}).",
        "Ábrala en su planilla de cálculo, guárdela como XLSX o CSV y reintente.",
        path=str(path),
        row=row,
    )


def _open(path: Path) -> Any:
    try:
        return xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd raises many types for broken files
        raise _damaged(path, error) from error


def _value(cell: Any, datemode: int) -> str | None:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    return cell_text(cell.value)


def _rows(path: Path) -> Iterator[Row]:
    book = _open(path)
    index = 0
    try:
        sheet = book.sheet_by_index(0)
        for index in range(sheet.nrows):
            yield index + 1, [_value(cell, book.datemode) for cell in sheet.row(index)]
    except Exception as error:  # no sheet, impossible dates...: xlrd's many error types
        raise _damaged(path, error, row=index + 1) from error
    finally:
        book.release_resources()


def read_xls(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    """The first sheet of a BIFF `.xls` workbook as a raw table."""
    book = _open(path)
    try:
        sheet = book.sheet_by_index(0)
        merges = [
            Merge(top + 1, bottom, left, right - 1)
            for top, bottom, left, right in sheet.merged_cells
        ]
    except Exception as error:
        raise _damaged(path, error) from error
    finally:
        book.release_resources()
    return sheet_table("xls", str(path), lambda: _rows(path), merges, batch_rows, score)
