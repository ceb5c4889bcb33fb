"""Parse and check each schema field of a batch, once per distinct value where that pays.

Parsing and every schema check are per-cell (uniqueness across rows is checked apart), so a
repetitive column is parsed and checked on its distinct values and the results spread back.
"""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.catalog import DatasetKind, FieldSpec
from datamuni.distinct import RepetitionGuide
from datamuni.validation.issues import Issue
from datamuni.validation.parsing import ParsedColumn, parse_column
from datamuni.validation.schema_checks import check_field


def parse_and_check(
    batch: pa.RecordBatch, kind: DatasetKind, guide: RepetitionGuide
) -> tuple[dict[str, ParsedColumn], list[Issue]]:
    """Every schema field present in the batch parsed, and every schema issue found in it."""
    parsed: dict[str, ParsedColumn] = {}
    issues: list[Issue] = []
    names = set(batch.schema.names)
    for spec in kind.fields:
        if spec.name in names:
            column, found = _field(batch.column(spec.name), spec, kind, guide)
            parsed[spec.name] = column
            issues.extend(found)
    return parsed, issues


def _field(
    text: pa.Array, spec: FieldSpec, kind: DatasetKind, guide: RepetitionGuide
) -> tuple[ParsedColumn, list[Issue]]:
    """One field: cell by cell, or on its distinct values spread back to the cells."""
    distinct = guide.distinct(spec.name, text)
    if distinct is None:
        column = parse_column(text, spec, kind.missing_values)
        return column, list(check_field(spec, column))
    values = parse_column(distinct.values, spec, kind.missing_values)
    column = ParsedColumn(
        text=text if text.type == pa.string() else pc.cast(text, pa.string()),
        typed=values.typed,
        missing=distinct.spread_mask(values.missing),
        type_error=distinct.spread_mask(values.type_error),
        spread=distinct.spread,
    )
    issues = [
        replace(issue, mask=distinct.spread_mask(issue.mask)) for issue in check_field(spec, values)
    ]
    return column, issues
