"""`RawTable`: what a format reader hands over before header mapping and normalization."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from datamuni.errors import SourceError
from datamuni.sources.detect import HEADER_SCAN_ROWS
from datamuni.sources.table import ROW_COLUMN

HeaderScore = Callable[[Sequence[str]], int]
"""How many cells of a candidate header row a dataset kind's aliases claim."""


@dataclass
class RawTable:
    """Headers as written, the header's row number, and batches of raw text columns `c0`..`cN`."""

    format: str
    headers: list[str]
    header_row: int
    open_batches: Callable[[], Iterator[pa.RecordBatch]]
    encoding: str | None = None
    delimiter: str | None = None
    preamble: list[list[str | None]] = field(default_factory=list)
    """Rows above the header (titles, indicator names), for layouts that use them."""
    latin1_bytes: bool = False
    """The batches hold the file's Latin-1 bytes as they are: normalization turns each column
    into UTF-8 (a repetitive column on its distinct values only); `text_batches` for the rest."""

    def text_batches(self) -> Iterator[pa.RecordBatch]:
        """The batches with every column as valid UTF-8 text."""
        if not self.latin1_bytes:
            return self.open_batches()
        from datamuni.sources.latin1 import utf8_batch

        return (utf8_batch(batch) for batch in self.open_batches())


def raw_name(position: int) -> str:
    """Batch column name of the source column at `position` before mapping."""
    return f"c{position}"


def find_header_row(rows: Sequence[Sequence[str | None]], score: HeaderScore) -> int:
    """Index of the header among the first rows: most alias matches, else the first widest row."""
    scanned = [[cell.strip() for cell in row if cell and cell.strip()] for row in rows]
    scanned = scanned[:HEADER_SCAN_ROWS]
    best_index, best_score = -1, 0
    for index, cells in enumerate(scanned):
        points = score(cells)
        if points > best_score:
            best_index, best_score = index, points
    if best_index >= 0:
        return best_index
    widths = [len(set(cells)) for cells in scanned]
    widest = max(widths, default=0)
    return next((index for index, width in enumerate(widths) if width == widest), 0)


def name_headers(cells: Sequence[str | None]) -> list[str]:
    """Header texts; a column without a header is named `columna_N` (1-based)."""
    return [
        (cell or "").strip() or f"columna_{position + 1}" for position, cell in enumerate(cells)
    ]


def rows_to_batches(
    rows: Iterable[tuple[int, Sequence[str | None]]], width: int, batch_rows: int, path: str
) -> Iterator[pa.RecordBatch]:
    """Bounded record batches from (row number, cells) pairs; a value beyond `width` is an error."""
    numbers: list[int] = []
    columns: list[list[str | None]] = [[] for _ in range(width)]
    for number, cells in rows:
        if len(cells) > width and any(cell not in (None, "") for cell in cells[width:]):
            raise SourceError(
                f"La fila tiene datos en la columna {width + 1}, que no tiene encabezado.",
                "Agregue un encabezado a esa columna o elimine los datos sobrantes.",
                path=path,
                row=number,
            )
        numbers.append(number)
        for position in range(width):
            columns[position].append(cells[position] if position < len(cells) else None)
        if len(numbers) >= batch_rows:
            yield _batch(numbers, columns)
            numbers, columns = [], [[] for _ in range(width)]
    if numbers:
        yield _batch(numbers, columns)


def _batch(numbers: list[int], columns: list[list[str | None]]) -> pa.RecordBatch:
    arrays = [pa.array(numbers, pa.int64())] + [pa.array(column, pa.string()) for column in columns]
    names = [ROW_COLUMN] + [raw_name(position) for position in range(len(columns))]
    return pa.RecordBatch.from_arrays(arrays, names=names)
