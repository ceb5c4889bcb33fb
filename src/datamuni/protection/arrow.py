"""Small conversions between polars frames and the string record batches stages exchange."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
import pyarrow as pa


def batch_to_frame(batch: pa.RecordBatch) -> pl.DataFrame:
    """A polars frame over a record batch."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return frame


def frame_to_batch(
    frame: pl.DataFrame,
    names: list[str],
    *,
    kept: Mapping[str, pa.Array] | None = None,
    height: int | None = None,
) -> pa.RecordBatch:
    """A record batch of `string` columns `names` from a frame (absent columns → nulls).

    Columns in `kept` are Arrow arrays published as they came: converting a polars column back
    to Arrow copies every string (~1 s per million rows of this kind's 38 columns).
    """
    rows = frame.height if height is None else height
    arrays = []
    for name in names:
        if kept is not None and name in kept:
            arrays.append(kept[name].cast(pa.string()))
        elif name in frame.columns:
            arrays.append(frame[name].cast(pl.String).to_arrow().cast(pa.string()))
        else:
            arrays.append(pa.nulls(rows, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=names)
