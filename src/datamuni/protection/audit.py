"""Run the detectors on a column and record counts and one masked example per kind."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import pyarrow as pa

from datamuni.protection.arrow import batch_to_frame
from datamuni.protection.detectors import CleanValues, ColumnScan, scan_column
from datamuni.protection.masking import masked_example
from datamuni.protection.report import Example, FieldAudit
from datamuni.sources.table import ROW_COLUMN


def scan_and_count(
    series: pl.Series,
    audit: FieldAudit,
    rows: pl.Series | None,
    *,
    numeric: bool = False,
    allow: frozenset[str] = frozenset(),
    clean: CleanValues | None = None,
) -> ColumnScan:
    """Detectors on one column; counts per kind and a masked first example go to `audit`."""
    scan = scan_column(series, numeric=numeric, allow=allow, clean=clean)
    for kind, mask in scan.masks.items():
        count = int(mask.sum())
        if not count:
            continue
        audit.detections[kind] = audit.detections.get(kind, 0) + count
        if kind not in audit.examples:
            position = int(mask.arg_true()[0])
            row = int(rows[position]) if rows is not None else None
            audit.examples[kind] = Example(row, masked_example(kind, str(series[position])))
    return scan


def review_batches(
    batches: Iterable[pa.RecordBatch], numeric: frozenset[str] = frozenset()
) -> dict[str, FieldAudit]:
    """What the detectors would strip, per column, without publishing anything."""
    audits: dict[str, FieldAudit] = {}
    for batch in batches:
        frame = batch_to_frame(batch)
        rows = frame[ROW_COLUMN] if ROW_COLUMN in frame.columns else None
        for name in frame.columns:
            if name == ROW_COLUMN:
                continue
            audit = audits.setdefault(name, FieldAudit("revisar"))
            series = frame[name].cast(pl.String)
            audit.cells += series.len() - series.null_count()
            scan = scan_and_count(series, audit, rows, numeric=name in numeric)
            audit.cells_redacted += int(scan.any_mask.sum())
    return audits
