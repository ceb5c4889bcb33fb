"""`agregar`: publish only counts and sums over declared dimensions, suppressing cells below k."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa

from datamuni.protection.arrow import batch_to_frame, frame_to_batch

DEFAULT_COUNT_FIELD = "cantidad"
_MAX_PARTIALS = 16


def output_columns(aggregation: dict[str, Any]) -> list[str]:
    """Published columns of an aggregated dataset: dimensions, measures, count."""
    measures = list((aggregation.get("measures") or {}).keys())
    return [
        *aggregation["dimensions"],
        *measures,
        aggregation.get("count_field") or DEFAULT_COUNT_FIELD,
    ]


def _combine(
    partials: list[pl.DataFrame], dimensions: list[str], measures: list[str], count: str
) -> pl.DataFrame:
    """Merge partial aggregates (sums of sums, sums of counts)."""
    frame = pl.concat(partials)
    sums = [pl.col(name).sum() for name in measures]
    return frame.group_by(dimensions).agg([*sums, pl.col(count).sum()])


def _format_number(name: str) -> pl.Expr:
    """Integral sums without decimals, others with up to two."""
    value = pl.col(name)
    integral = value.round(0) == value
    return (
        pl.when(integral)
        .then(value.cast(pl.Int64).cast(pl.String))
        .otherwise(value.round(2).cast(pl.String))
        .alias(name)
    )


def aggregate(
    batches: Iterator[pa.RecordBatch], aggregation: dict[str, Any], k: int, audit: dict[str, Any]
) -> Iterator[pa.RecordBatch]:
    """Aggregate protected batches over the dimensions; groups under k rows are dropped."""
    dimensions = list(aggregation["dimensions"])
    measures = list((aggregation.get("measures") or {}).keys())
    count = aggregation.get("count_field") or DEFAULT_COUNT_FIELD
    partials: list[pl.DataFrame] = []
    for batch in batches:
        frame = batch_to_frame(batch)
        sums = [
            pl.col(name).str.strip_chars().cast(pl.Float64, strict=False).sum() for name in measures
        ]
        partials.append(
            frame.group_by(dimensions).agg([*sums, pl.len().cast(pl.Int64).alias(count)])
        )
        if len(partials) > _MAX_PARTIALS:
            partials = [_combine(partials, dimensions, measures, count)]
    if not partials:
        audit.update(
            dimensions=dimensions, groups=0, groups_suppressed=0, rows_suppressed=0, k_required=k
        )
        return
    total = _combine(partials, dimensions, measures, count)
    small = total.filter(pl.col(count) < k)
    kept = total.filter(pl.col(count) >= k).sort(dimensions, nulls_last=True)
    audit.update(
        dimensions=dimensions,
        measures=measures,
        k_required=k,
        groups=kept.height,
        groups_suppressed=small.height,
        rows_suppressed=int(small[count].sum()),
        smallest_group=int(kept[count].min()) if kept.height else 0,  # type: ignore[arg-type]
    )
    kept = kept.with_columns([_format_number(name) for name in measures])
    yield frame_to_batch(kept, output_columns(aggregation))
