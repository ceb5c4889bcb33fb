"""`SourceTable`: what every reader returns; the currency handed to validation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

import pyarrow as pa

from datamuni.distinct import DistinctMemo

ROW_COLUMN = "_fila"
"""Batch column with the row number as the officer sees it in the file (1-based, header counted)."""
EXTRA_PREFIX = "extra:"
"""Batch column name prefix of a source column that no schema field claims."""


@dataclass(frozen=True)
class SourceColumn:
    """One column of the source: its header as written in the file and the field it maps to."""

    header: str
    field: str | None
    position: int

    @property
    def batch_name(self) -> str:
        """Name of this column in the record batches."""
        return self.field if self.field is not None else EXTRA_PREFIX + self.header


@dataclass
class NormalizationNotes:
    """What normalization changed, kept for the report (counts only, never personal values)."""

    placeholders: dict[tuple[str, str], int] = field(default_factory=dict)
    """(column header, placeholder text as written) -> cells emptied."""
    formula_cells: dict[str, int] = field(default_factory=dict)
    """column header -> cells that started like a spreadsheet formula."""


@dataclass
class SourceTable:
    """A readable table: format facts, column mapping, and a factory of record batches.

    Every batch has `_fila` (int64) and one `string` column per source column, named by
    `SourceColumn.batch_name`, holding normalized text: Chilean numbers as `1234567.5`, dates as
    ISO `2026-10-31`, placeholders as null; a cell that cannot be normalized keeps its text so
    validation can report it as written.
    """

    path: str
    format: str
    kind: str
    columns: list[SourceColumn]
    header_row: int
    open_batches: Callable[[], Iterator[pa.RecordBatch]]
    encoding: str | None = None
    delimiter: str | None = None
    digest: Future[tuple[str, int]] | None = None
    """The source file's SHA-256 and size, being computed while the batches are read."""
    size_bytes: int | None = None
    kind_guessed: bool = False
    notes: NormalizationNotes = field(default_factory=NormalizationNotes)
    encodings: DistinctMemo = field(default_factory=DistinctMemo)
    """Normalization's encodings of repetitive columns, for validation to reuse."""

    @property
    def sha256(self) -> str | None:
        """The source file's SHA-256 (waits for the hashing if it is still running)."""
        return self.digest.result()[0] if self.digest is not None else None

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Stream the table as bounded record batches (may be called more than once)."""
        return self.open_batches()

    @property
    def unmapped_headers(self) -> list[str]:
        """Source headers no schema field claims: never published (fail closed)."""
        return [column.header for column in self.columns if column.field is None]

    def header_of(self, field_name: str) -> str:
        """The header as written in the file for a schema field (the field name if absent)."""
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return field_name
