"""Row-oriented sources (spreadsheets): header detection with title rows and merged cells."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import pyarrow as pa

from datamuni.errors import SourceError
from datamuni.sources.detect import HEADER_SCAN_ROWS
from datamuni.sources.raw import (
    HeaderScore,
    RawTable,
    find_header_row,
    name_headers,
    rows_to_batches,
)

Row = tuple[int, list[str | None]]
"""(sheet row number, 1-based; cells as text)."""


@dataclass(frozen=True)
class Merge:
    """A merged range: rows `top`..`bottom` (sheet numbers), columns `left`..`right` (0-based)."""

    top: int
    bottom: int
    left: int
    right: int


def _filled(rows: list[Row], merges: Sequence[Merge]) -> list[list[str | None]]:
    """Rows with every cell of a merged range holding the range's value."""
    by_number = {number: list(cells) for number, cells in rows}
    last = max(by_number, default=0)  # a hostile merge may claim a million rows: stop at ours
    for merge in merges:
        value = by_number.get(merge.top, [None])[merge.left : merge.left + 1]
        for number in range(merge.top, min(merge.bottom, last) + 1):
            cells = by_number.get(number)
            if cells is None or not value:
                continue
            cells.extend([None] * (merge.right + 1 - len(cells)))
            for column in range(merge.left, merge.right + 1):
                cells[column] = value[0]
    return [by_number[number] for number, _ in rows]


def _spans(merges: Sequence[Merge], row: int, header: Sequence[str | None]) -> list[Merge]:
    """Horizontal merges of `row` that group some header columns (a full-width title is not)."""
    written = [column for column, cell in enumerate(header) if cell and cell.strip()]
    first, last = (written[0], written[-1]) if written else (0, 0)
    return [
        merge
        for merge in merges
        if merge.top == row
        and merge.right > merge.left
        and not (merge.left <= first and merge.right >= last)
    ]


def _combine(top: list[str | None], sub: list[str | None], spans: list[Merge]) -> list[str | None]:
    """Two header rows as one: `Group Sub` under a merged group, else whichever is written."""
    width = max(len(top), len(sub))
    top, sub = top + [None] * (width - len(top)), sub + [None] * (width - len(sub))
    combined: list[str | None] = []
    for column in range(width):
        grouped = any(span.left <= column <= span.right for span in spans)
        if grouped and top[column] and sub[column] and top[column] != sub[column]:
            combined.append(f"{top[column]} {sub[column]}")
        else:
            combined.append(sub[column] or top[column])
    return combined


def _header(head: list[Row], merges: Sequence[Merge], score: HeaderScore) -> tuple[int, list[str]]:
    """Index in `head` of the last header row, and the header texts (two rows when grouped)."""
    index = find_header_row([cells for _, cells in head], score)
    filled = _filled(head, merges)
    below = head[index + 1][1] if index + 1 < len(head) else []
    spans = _spans(merges, head[index][0], filled[index])
    inside = [c for c, cell in enumerate(below) if cell and cell.strip()]
    if spans and inside and all(any(s.left <= c <= s.right for s in spans) for c in inside):
        return index + 1, name_headers(_combine(filled[index], filled[index + 1], spans))
    above = _spans(merges, head[index - 1][0], filled[index]) if index > 0 else []
    if above:
        return index, name_headers(_combine(filled[index - 1], filled[index], above))
    return index, name_headers(filled[index])


def sheet_table(
    format_name: str,
    path: str,
    open_rows: Callable[[], Iterator[Row]],
    merges: Sequence[Merge],
    batch_rows: int,
    score: HeaderScore,
) -> RawTable:
    """A raw table from a row source: header found among the first rows, bounded batches."""
    head = [row for row in islice(open_rows(), HEADER_SCAN_ROWS + 2) if _written(row[1])]
    if not head:
        raise SourceError(
            "La planilla está vacía.", "Revise que exportó la hoja con los datos.", path=path
        )
    index, headers = _header(head, merges, score)
    while headers and headers[-1].startswith("columna_"):
        headers.pop()
    header_row = head[index][0]
    if index == len(head) - 1 and len(head) < HEADER_SCAN_ROWS + 2:
        raise SourceError(
            "La planilla solo tiene encabezados, sin filas de datos.",
            "Si en el período no hubo registros, no publique este archivo; si los hubo, "
            "expórtelo de nuevo con los datos.",
            path=path,
            row=header_row,
        )

    def open_batches() -> Iterator[pa.RecordBatch]:
        rows = (row for row in open_rows() if row[0] > header_row and _written(row[1]))
        return rows_to_batches(rows, len(headers), batch_rows, path)

    raw = RawTable(format_name, headers, header_row, open_batches)
    raw.preamble = [cells for number, cells in head if number < header_row]
    return raw


def _written(cells: Sequence[str | None]) -> bool:
    return any(cell is not None and cell.strip() for cell in cells)
