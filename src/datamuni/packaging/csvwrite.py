"""Streaming CSV writer for published tables: UTF-8, `,`, hashed on the fly, formula-safe."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyarrow as pa

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralize(cell: str) -> tuple[str, bool]:
    """OWASP CSV injection: prefix `'` to a cell that starts like a formula and is not a number."""
    if cell.startswith(FORMULA_START) and not NUMBER.match(cell):
        return "'" + cell, True
    return cell, False


class _HashingWriter:
    """Text sink that encodes to UTF-8, writes to a binary file and feeds sha256 + byte count."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.raw.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(text)


@dataclass(frozen=True)
class CsvStats:
    """What writing the CSV produced: hash, size, rows and neutralized formula cells."""

    sha256: str
    bytes: int
    rows: int
    neutralized: dict[str, int]


def write_csv(path: Path, columns: list[str], batches: Iterable[pa.RecordBatch]) -> CsvStats:
    """Write `batches` (string columns named `columns`) to `path` one batch at a time."""
    neutralized: dict[str, int] = {}
    rows = 0
    with path.open("wb") as raw:
        sink = _HashingWriter(raw)
        writer = csv.writer(sink, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for batch in batches:
            values = [_column(batch, name) for name in columns]
            for row in zip(*values, strict=True):
                cells = []
                for name, value in zip(columns, row, strict=True):
                    text, changed = neutralize("" if value is None else str(value))
                    if changed:
                        neutralized[name] = neutralized.get(name, 0) + 1
                    cells.append(text)
                writer.writerow(cells)
            rows += batch.num_rows
    return CsvStats(sink.digest.hexdigest(), sink.size, rows, dict(sorted(neutralized.items())))


def _column(batch: pa.RecordBatch, name: str) -> list[object]:
    """One column of the batch as Python values (nulls as None)."""
    values: list[object] = batch.column(batch.schema.get_field_index(name)).to_pylist()
    return values
