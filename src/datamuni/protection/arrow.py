"""Small conversions between polars frames and the string record batches stages exchange."""

from __future__ import annotations

import polars as pl
import pyarrow as pa


def batch_to_frame(batch: pa.RecordBatch) -> pl.DataFrame:
    """A polars frame over a record batch."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return frame


def frame_to_batch(frame: pl.DataFrame, names: list[str]) -> pa.RecordBatch:
    """A record batch of `string` columns `names` from a frame (absent columns → nulls)."""
    arrays = []
    for name in names:
        if name in frame.columns:
            arrays.append(frame[name].cast(pl.String).to_arrow().cast(pa.string()))
        else:
            arrays.append(pa.nulls(frame.height, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=names)
