"""Apply the columnar normalization of `normalize.py` to a raw table's batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from datamuni.distinct import Distinct, RepetitionGuide
from datamuni.sources.bytescan import first_bytes
from datamuni.sources.cell_notes import (
    Weights,
    blank_placeholders,
    count_formulas,
    placeholder_openers,
)
from datamuni.sources.latin1 import utf8_column
from datamuni.sources.normalize import (
    ColumnPlan,
    clean_text,
    normalize_typed,
    plan_column,
    split_combined,
)
from datamuni.sources.numbers import normalize_number
from datamuni.sources.raw import RawTable, raw_name
from datamuni.sources.table import ROW_COLUMN, SourceColumn, SourceTable

if TYPE_CHECKING:
    from datamuni.catalog import DatasetKind


@dataclass
class NormalizedSource:
    """The final column list (source, derived hours, constants) and its batch factory."""

    columns: list[SourceColumn]
    open_batches: Callable[[], Iterator[pa.RecordBatch]]


def normalize_batches(
    table: SourceTable, kind: DatasetKind, raw: RawTable, constant: dict[str, str]
) -> NormalizedSource:
    """Columns and batches of `raw` normalized for `kind`; notes go to `table.notes`."""
    source = [column for column in table.columns if column.position >= 0]
    specs = {spec.name: spec for spec in kind.fields}
    plans = [plan_column(c.header, specs.get(c.field) if c.field else None) for c in source]
    present = {column.field for column in source}
    derived = [
        SourceColumn(header=column.header, field=plan.hours_field, position=column.position)
        for column, plan in zip(source, plans, strict=True)
        if plan.hours_field in specs and plan.hours_field not in present
    ]
    constants = [column for column in table.columns if column.position < 0]
    columns = source + derived + constants
    guide = RepetitionGuide()  # repetitive columns are normalized once per distinct value
    # Latin-1 bytes become UTF-8 here, after the encoding: a repetitive column is transcoded on
    # its distinct values only (the distinct byte strings are the distinct texts)
    to_utf8: Callable[[pa.Array], pa.Array] = utf8_column if raw.latin1_bytes else _as_is
    placeholders = pa.array(
        sorted({text.strip().lower() for text in kind.missing_values if text.strip()}), pa.string()
    )
    openers = placeholder_openers(placeholders)

    def convert(batch: pa.RecordBatch) -> pa.RecordBatch:
        arrays: dict[str, pa.Array] = {ROW_COLUMN: batch.column(ROW_COLUMN)}
        hours: dict[str, pa.Array] = {}
        for column, plan in zip(source, plans, strict=True):
            values = _normalize_column(batch.column(raw_name(column.position)), plan, table, hours)
            arrays[column.batch_name] = values
        for name, extracted in hours.items():
            current = arrays.get(name)
            arrays[name] = extracted if current is None else pc.coalesce(current, extracted)
        for column in constants:
            value = constant[column.batch_name]
            arrays[column.batch_name] = pa.repeat(pa.scalar(value, pa.string()), batch.num_rows)
        names = [ROW_COLUMN] + [column.batch_name for column in columns]
        return pa.RecordBatch.from_arrays([arrays[name] for name in names], names=names)

    def _normalize_column(
        values: pa.Array, plan: ColumnPlan, target: SourceTable, hours: dict[str, pa.Array]
    ) -> pa.Array:
        distinct = guide.distinct(plan.header, values)
        if distinct is None:
            return _normalize_cells(to_utf8(values), plan, target, hours, None)
        found: dict[str, pa.Array] = {}
        normalized = _normalize_cells(
            to_utf8(distinct.values), plan, target, found, distinct.counts
        )
        hours.update({name: distinct.spread(extracted) for name, extracted in found.items()})
        spread = distinct.spread(normalized)
        if plan.spec is not None:  # validation parses this field on the same distinct values
            target.encodings.remember(spread, Distinct(normalized, distinct.indices))
        return spread

    def _normalize_cells(
        values: pa.Array,
        plan: ColumnPlan,
        target: SourceTable,
        hours: dict[str, pa.Array],
        weights: Weights | None,
    ) -> pa.Array:
        values = clean_text(values)
        leading = first_bytes(values)  # both notes look at each cell's first byte
        formulas = count_formulas(values, weights, leading=leading)
        if formulas:
            cells = target.notes.formula_cells
            cells[plan.header] = cells.get(plan.header, 0) + formulas
        values, counts = blank_placeholders(
            values, placeholders, weights, leading=leading, openers=openers
        )
        for text, count in counts.items():
            key = (plan.header, text)
            target.notes.placeholders[key] = target.notes.placeholders.get(key, 0) + count
        if plan.hours_field in specs:
            values, extracted = split_combined(values)
            hours[str(plan.hours_field)] = normalize_number(extracted)
        return normalize_typed(values, plan)

    def open_batches() -> Iterator[pa.RecordBatch]:
        table.notes.placeholders.clear()
        table.notes.formula_cells.clear()
        for batch in raw.open_batches():
            yield convert(batch)

    return NormalizedSource(columns, open_batches)


def _as_is(values: pa.Array) -> pa.Array:
    """Text that is UTF-8 already."""
    return values
