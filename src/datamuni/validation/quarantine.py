"""The quarantine file: rejected rows with their reasons, owner-only, never published."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from datamuni.sources.cell_notes import formula_cells
from datamuni.sources.table import ROW_COLUMN, SourceTable

QUARANTINE_NAME = "cuarentena.csv"
ROW_HEADER, REASONS_HEADER = "fila", "motivos"


def defuse_formulas(text: pa.Array) -> pa.Array:
    """Prefix formula-looking cells with `'` so a spreadsheet shows them instead of running them."""
    formula = formula_cells(text)
    return pc.if_else(formula, pc.binary_join_element_wise("'", text, ""), text)


class QuarantineWriter:
    """Appends rejected rows (original row number, reasons, the row's cells) to a CSV file."""

    def __init__(self, path: Path, table: SourceTable) -> None:
        self.path = path
        self._names = [column.batch_name for column in table.columns]
        headers = [ROW_HEADER, REASONS_HEADER, *(column.header for column in table.columns)]
        self._schema = pa.schema([pa.field(h, pa.string()) for h in _unique(headers)])
        self._file: BinaryIO = path.open("ab")
        self._file.write(b"\xef\xbb\xbf")  # Excel needs the BOM to read accents as UTF-8
        options = pacsv.WriteOptions(delimiter=";", quoting_style="all_valid")
        self._writer = pacsv.CSVWriter(self._file, self._schema, write_options=options)
        self.rows = 0

    def write(self, batch: pa.RecordBatch, rows: npt.NDArray[np.intp], reasons: pa.Array) -> None:
        """Append the rows of a batch at positions `rows`, with each one's reasons."""
        if len(rows) == 0:
            return
        rejected = batch.take(pa.array(rows))
        columns = [pc.cast(rejected.column(ROW_COLUMN), pa.string()), reasons]
        for name in self._names:
            if name in rejected.schema.names:
                columns.append(defuse_formulas(pc.cast(rejected.column(name), pa.string())))
            else:
                columns.append(pa.nulls(rejected.num_rows, pa.string()))
        self._writer.write_batch(pa.record_batch(columns, schema=self._schema))
        self.rows += rejected.num_rows

    def close(self) -> None:
        """Flush and close the file."""
        self._writer.close()
        self._file.close()


def row_reasons(
    rows: npt.NDArray[np.intp], errors: list[tuple[npt.NDArray[np.bool_], str]]
) -> pa.Array:
    """Each quarantined row's reasons joined with `; `, in rule order (built on those rows only)."""
    reasons = pa.nulls(len(rows), pa.string())
    for mask, reason in errors:
        hit = pa.array(mask[rows])
        joined = pc.binary_join_element_wise(reasons, reason, "; ")
        reasons = pc.if_else(hit, pc.coalesce(joined, reason), reasons)
    return reasons


def _unique(headers: list[str]) -> list[str]:
    """Make repeated headers distinct (`Monto`, `Monto (2)`)."""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        result.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return result
