"""Recording an issue of a batch in the report: its count per rule and a few masked examples."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import DatasetKind
from datamuni.sources.table import ROW_COLUMN, SourceTable
from datamuni.validation.findings import Finding
from datamuni.validation.issues import Issue
from datamuni.validation.masking import mask_value
from datamuni.validation.report import RuleCount, ValidationReport


def record_issue(
    report: ValidationReport,
    kind: DatasetKind,
    table: SourceTable,
    batch: pa.RecordBatch,
    issue: Issue,
    cap: int,
) -> int:
    """Count an issue in the report, keep up to `cap` masked examples per rule; rows it broke."""
    total = pc.sum(issue.mask).as_py() or 0
    if not total:
        return 0
    column = table.header_of(issue.field) if issue.field else None
    key = (issue.rule, issue.field)
    count = report.counts.setdefault(
        key, RuleCount(issue.rule, issue.field, column, issue.severity, issue.message)
    )
    count.total += total
    room = cap - count.shown
    if room <= 0:
        return total
    where = pc.indices_nonzero(issue.mask)[:room]
    rows = batch.column(ROW_COLUMN).take(where).to_pylist()
    values = _values(batch, issue, where)
    firsts = issue.first_rows.take(where).to_pylist() if issue.first_rows is not None else None
    field_type = _type_of(kind, issue.field)
    for i, row in enumerate(rows):
        message = issue.message
        if firsts is not None and firsts[i] is not None:
            message = f"{message} Primera aparición: fila {firsts[i]}."
        value = mask_value(values[i], field_type, parsed=issue.value_parsed)
        report.findings.append(
            Finding(issue.rule, message, issue.fix, issue.severity, row, column, issue.field, value)
        )
    count.shown += len(rows)
    return total


def _values(batch: pa.RecordBatch, issue: Issue, where: pa.Array) -> list[str | None]:
    """The offending cells as text (to be masked), or Nones when the field is absent."""
    if issue.field is None or issue.field not in batch.schema.names:
        return [None] * len(where)
    values: list[str | None] = pc.cast(
        batch.column(issue.field).take(where), pa.string()
    ).to_pylist()
    return values


def _type_of(kind: DatasetKind, name: str | None) -> str:
    """Schema type of a field (`string` when unknown)."""
    try:
        return kind.field(name).type if name else "string"
    except KeyError:
        return "string"
