"""`agregar`: publish only counts and sums over declared dimensions, suppressing cells below k."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa

from datamuni.protection.arrow import batch_to_frame, frame_to_batch

DEFAULT_COUNT_FIELD = "cantidad"
OPERATIONS = ("sum", "count", "min", "max", "mean")
_MAX_PARTIALS = 16


def output_columns(aggregation: dict[str, Any]) -> list[str]:
    """Published columns of an aggregated dataset: dimensions, measures, count."""
    measures = list((aggregation.get("measures") or {}).keys())
    count = aggregation.get("count_field") or DEFAULT_COUNT_FIELD
    return [*aggregation["dimensions"], *measures, count]


def _partial(frame: pl.DataFrame, dimensions: list[str], measures: list[str]) -> pl.DataFrame:
    """Mergeable statistics of one batch: sum, non-null count, min, max per measure."""
    statistics: list[pl.Expr] = []
    for name in measures:
        value = pl.col(name).str.strip_chars().cast(pl.Float64, strict=False)
        statistics += [
            value.sum().alias(f"{name}\x1fsum"),
            value.count().cast(pl.Int64).alias(f"{name}\x1fcount"),
            value.min().alias(f"{name}\x1fmin"),
            value.max().alias(f"{name}\x1fmax"),
        ]
    rows = pl.len().cast(pl.Int64).alias("\x1frows")
    return frame.group_by(dimensions).agg([*statistics, rows])


def _combine(partials: list[pl.DataFrame], dimensions: list[str]) -> pl.DataFrame:
    """Merge partial statistics (sums of sums and counts, min of mins, max of maxes)."""
    frame = pl.concat(partials)
    merged = []
    for name in frame.columns:
        if name in dimensions:
            continue
        column = pl.col(name)
        merged.append(
            column.min()
            if name.endswith("min")
            else column.max()
            if name.endswith("max")
            else column.sum()
        )
    return frame.group_by(dimensions).agg(merged)


def _measure(name: str, operation: str) -> pl.Expr:
    """The published value of one measure, as text (integral values without decimals)."""
    if operation == "mean":
        value = pl.col(f"{name}\x1fsum") / pl.col(f"{name}\x1fcount")
    else:
        value = pl.col(f"{name}\x1f{operation}").cast(pl.Float64)
    integral = value.round(0) == value
    text = pl.when(integral).then(value.cast(pl.Int64).cast(pl.String))
    return text.otherwise(value.round(2).cast(pl.String)).alias(name)


def aggregate(
    batches: Iterator[pa.RecordBatch], aggregation: dict[str, Any], k: int, audit: dict[str, Any]
) -> Iterator[pa.RecordBatch]:
    """Aggregate protected batches over the dimensions; groups under k rows are dropped."""
    dimensions = list(aggregation["dimensions"])
    measures: dict[str, str] = dict(aggregation.get("measures") or {})
    count = aggregation.get("count_field") or DEFAULT_COUNT_FIELD
    partials: list[pl.DataFrame] = []
    for batch in batches:
        partials.append(_partial(batch_to_frame(batch), dimensions, list(measures)))
        if len(partials) > _MAX_PARTIALS:
            partials = [_combine(partials, dimensions)]
    audit.update(dimensions=dimensions, measures=measures, k_required=k)
    if not partials:
        audit.update(groups=0, groups_suppressed=0, rows_suppressed=0, smallest_group=0)
        return
    total = _combine(partials, dimensions)
    small = total.filter(pl.col("\x1frows") < k)
    kept = total.filter(pl.col("\x1frows") >= k).sort(dimensions, nulls_last=True)
    audit.update(
        groups=kept.height,
        groups_suppressed=small.height,
        rows_suppressed=int(small["\x1frows"].sum()),
        smallest_group=int(kept["\x1frows"].min() or 0) if kept.height else 0,  # type: ignore[arg-type]
    )
    published = kept.select(
        *dimensions,
        *[_measure(name, operation) for name, operation in measures.items()],
        pl.col("\x1frows").cast(pl.String).alias(count),
    )
    yield frame_to_batch(published, output_columns(aggregation))
