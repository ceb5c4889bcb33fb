"""Excel 2003 SpreadsheetML (also named `.xls`, also with blank lines before `<?xml`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from datamuni.errors import SourceError
from datamuni.sources.raw import HeaderScore, RawTable
from datamuni.sources.sheet import Merge, Row, sheet_table

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_COLUMNS = 16_384
"""Excel's column limit: a larger cell index or merge is hostile (it would allocate the gap)."""


class _SkipLeadingBlank(io.RawIOBase):
    """The file without the blank bytes some exporters write before `<?xml`."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        if not self._started:
            while data and not data.lstrip(b" \t\r\n\xef\xbb\xbf"):
                data = self._handle.read(len(buffer))
            data = data.lstrip(b" \t\r\n\xef\xbb\xbf")
            self._started = bool(data)
        buffer[: len(data)] = data
        return len(data)


def _rows(path: Path, merges: list[Merge] | None) -> Iterator[Row]:
    """Rows of the first worksheet, streamed (elements are cleared as they are read)."""
    with path.open("rb") as handle:
        source = io.BufferedReader(_SkipLeadingBlank(handle))
        number, at = 0, 1
        try:
            for _, element in iterparse(source, events=("end",), forbid_dtd=True):
                if element.tag == SS + "Row":
                    at = number + 1
                    number = at = int(element.get(SS + "Index", at))
                    yield number, _cells(element, number, merges)
                    at = number + 1
                    element.clear()
                elif element.tag == SS + "Worksheet":
                    return
        except (DefusedXmlException, SyntaxError, ValueError) as error:
            raise SourceError(
                f"La planilla XML está dañada o trae construcciones no permitidas ({error}).",
                "Ábrala en su planilla de cálculo y guárdela de nuevo como XLSX o CSV.",
                path=str(path),
                row=at,
            ) from error


def _cells(row: Any, number: int, merges: list[Merge] | None) -> list[str | None]:
    cells: list[str | None] = []
    for cell in row.findall(SS + "Cell"):
        index = int(cell.get(SS + "Index", len(cells) + 1)) - 1
        across = int(cell.get(SS + "MergeAcross", 0))
        down = int(cell.get(SS + "MergeDown", 0))
        if not 0 <= index < MAX_COLUMNS or not 0 <= across < MAX_COLUMNS or down < 0:
            raise ValueError(f"celda fuera de los límites de Excel en la columna {index + 1}")
        cells.extend([None] * (index - len(cells)))
        data = cell.find(SS + "Data")
        cells.append("".join(data.itertext()) if data is not None else None)
        if merges is not None and (across or down):
            merges.append(Merge(number, number + down, index, index + across))
        cells.extend([None] * across)
    return cells


def read_spreadsheetml(path: Path, batch_rows: int, score: HeaderScore) -> RawTable:
    """A SpreadsheetML workbook's first sheet as a raw table (hardened parser: no DTD)."""
    merges: list[Merge] = []
    for _ in _rows(path, merges):
        if len(merges) > 10_000:
            break
    return sheet_table(
        "spreadsheetml", str(path), lambda: _rows(path, None), merges, batch_rows, score
    )
